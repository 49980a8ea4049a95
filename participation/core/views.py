"""Helpers shared by the plugins' public views."""
from django.utils.cache import add_never_cache_headers, patch_cache_control


def private_response(response):
    """Mark a response as private to one citizen (a follow-up page, a receipt, a
    confirmation link): no shared cache may keep it, no search engine index it."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
