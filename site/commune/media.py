"""Where uploaded files live: the local MEDIA_ROOT, or an S3-compatible bucket that any
number of web instances share. One rule, read by the settings (STORAGES["default"])."""

LOCAL_BACKEND = "django.core.files.storage.FileSystemStorage"
S3_BACKEND = "storages.backends.s3.S3Storage"
#: how long a signed link stays valid after the page holding it left the page cache
LINK_SECONDS = 3600


def media_storage(env, *, page_cache_seconds: int = 0) -> dict:
    """The default storage: an S3 bucket when MEDIA_S3_BUCKET is set, else MEDIA_ROOT.

    In the bucket every object stays private (no ACL is sent: the bucket's own, which blocks
    public access) and every link to one is signed and expires, so a file is only reached
    through the app: petition, charter and information files through its permission-checked
    views (never a link to the store), anything else through a signed link it gave. A link on
    a page kept in the page cache outlives that copy by LINK_SECONDS. An upload never replaces
    a file of the same name. Empty credentials fall back to boto3's own (AWS_*, instance role).
    """
    bucket = env("MEDIA_S3_BUCKET", default="")
    if not bucket:
        return {"BACKEND": LOCAL_BACKEND}
    optional = {
        "endpoint_url": env("MEDIA_S3_ENDPOINT_URL", default=""),
        "region_name": env("MEDIA_S3_REGION", default=""),
        "access_key": env("MEDIA_S3_ACCESS_KEY_ID", default=""),
        "secret_key": env("MEDIA_S3_SECRET_ACCESS_KEY", default=""),
        "addressing_style": env("MEDIA_S3_ADDRESSING_STYLE", default=""),  # "path" for most self-hosted stores
    }
    options = {
        "bucket_name": bucket,
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": page_cache_seconds + LINK_SECONDS,
        "signature_version": "s3v4",
        "file_overwrite": False,
        **{name: value for name, value in optional.items() if value},
    }
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}
