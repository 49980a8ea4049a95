"""The access-control walk: every URL the site answers, read from the URL configuration
(tests/support/urlwalk.py: the admin with every viewset and hook, exports, the public API,
and the plugins' page routes with the citizens' private links), checked against the
records of another commune.

Each pattern must be classified in RULES below — by its full name, else by its
namespace — or the walk fails naming it: a view cannot be added without saying who may
see it. What each kind is checked for (A = the four demo roles of commune A, the records
belong to commune B, tests/support/walk_records.py):

- ``refused``   (an admin URL about one B record, or reserved to superusers): anonymous
  → the admin login; each A role → 403/404/400/405 or Wagtail's "permission denied"
  redirect, GET and POST, and nothing stored changes (no table gains or loses a row, the
  record's row is the same); the superuser reaches it (not a 404: the URL is right).
- ``listing``   (listings, their results and CSV exports, overviews, choosers): anonymous
  → login; each A role is refused or sees none of B's markers or personal data; the
  superuser sees B's records (the check is not vacuous).
- ``staff``     (admin pages without per-commune data): anonymous → login; A roles are
  answered without a 500 and without any of B's markers or personal data.
- ``followup``  (a citizen's private link): a forged token, and B's real token on A's
  page, are refused (400/403/404/410) with nothing shown or changed; B's token works on
  B's page.
- ``page``      (public routes of plugin pages): B's record asked for on A's page is a
  404; no page shows personal data or another commune's records.
- ``api``       (/api/v1/): no personal field, no personal value; B's record is not
  served on A's host name.
- ``public`` / ``skip``: open by design, or not walked — each with its reason.

One database state is made for the module (the records of both communes, rolled back at
the end); each test is one URL pattern with all its users, in its own savepoint.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property

from tests.conftest import HOST_A, HOST_B
from tests.support.urlwalk import Endpoint, all_endpoints, body, final_status, row_of, table_counts
from tests.support.walk_records import Records

ROLES = ("editor", "participation", "information", "bureau")
A_STAFF = tuple(f"a_{role}" for role in ROLES)
REFUSED_STATUSES = (400, 403, 404, 405, 410)
FORGED = "walkforged0000000000000000000000000000000000"


# --- the classification ----------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    kind: str
    reason: str = ""
    #: {URL parameter: callable(world) -> value or model instance (its pk is used)}
    fill: dict = field(default_factory=dict)
    #: query string added to the URL (e.g. the objects of a bulk action)
    query: dict = field(default_factory=dict)
    #: whether the superuser (or B's own link, B's own host) is checked to get the thing refused to
    #: others — not a 404, or B's records shown —, so that the refusal proves something; False
    #: where it is a 404 for everyone (said in the reason)
    control: bool = True
    #: whether A's staff also POST (the empty form: whatever it would do must not happen)
    post: bool = True
    #: Wagtail answers a GET with a confirmation page and checks the permission on the POST;
    #: or a POST answers 200 but only ever acts on the user's own data: then a 200 is fine as
    #: long as nothing of B's shows and nothing changes
    get_ok: bool = False
    post_ok: bool = False
    #: what must not show to A's staff (and must show to the superuser): callable(world) -> strings;
    #: default: the markers and personal data of every record of commune B
    secrets: object = None


def refused(reason="", post=True, control=True, query=None, get_ok=False, post_ok=False, secrets=None, **fill):
    return Rule("refused", reason, fill, query or {}, control, post, get_ok, post_ok, secrets)


def listing(reason="", control=True, query=None, secrets=None, **fill):
    return Rule("listing", reason, fill, query or {}, control, secrets=secrets)


def staff(reason="", **fill):
    return Rule("staff", reason, fill)


def followup(token, control=True, **fill):
    return Rule("followup", "", {"token": token, **fill}, control=control)


def page(reason="", control=True, **fill):
    return Rule("page", reason, fill, control=control)


def api(reason="", control=True, **fill):
    return Rule("api", reason, fill, control=control)


def public(reason):
    return Rule("public", reason)


def skip(reason):
    return Rule("skip", reason)


def b(what, attr=None):
    """A parameter filled from commune B's record (`what`: a model label or a Records method)."""
    def value(world):
        record = world.b.get(what)
        return record if attr is None else attr(record) if callable(attr) else getattr(record, attr)
    return value


def const(value):
    return lambda world: value


def token_of(what, purpose):
    """A signed e-mail link (participation.core.verification) for B's record."""
    def value(world):
        from participation.core.verification import make_token

        return make_token(purpose, world.b.get(what))
    return value


PAGE = b("page")
HOME = b("home")
SUGGESTION, PETITION, REQUEST = "participation_suggestions.suggestion", "participation_petitions.petition", \
    "participation_information.informationrequest"
ADHESION, REGISTRATION, RESPONSE = "participation_charter.adhesion", "participation_meetings.registration", \
    "participation_consultations.response"
COMMENT, SIGNATURE = "participation_consultations.sectioncomment", "participation_petitions.signature"
TASK_STATE = b("workflow_state", lambda state: state.current_task_state)
DRAFT = b("draft_page")  # the page in moderation
CONFIRMATION = "Wagtail shows a confirmation on GET and checks the permission when it is POSTed"
SUPERUSERS = "settings of the whole installation: no demo role holds these permissions"
LOCALIZE_API = ("wagtail-localize's API of translatable snippets, for its editor: category names (public on the "
                "commune's site), never personal data")

#: by full name ("namespace:name"), page route ("app_label.PageModel:route") or unnamed route
RULES: dict[str, Rule] = {
    # --- the admin's frame, sign-in and tools -----------------------------------------------------
    "wagtailadmin_home": staff("the dashboard: its panels list the staff member's own pages and tasks"),
    "admin/test404/": staff("Wagtail's 404 page for the admin"),
    "admin/^.*/$": staff("the admin's catch-all: a 404 for unknown admin paths"),
    "wagtailadmin_error_test": skip("Wagtail's deliberate 500 (/admin/failwhale/) to test error reporting"),
    "wagtailadmin_account": staff("the staff member's own account"),
    "wagtailadmin_logout": staff("signing out"),
    "wagtailadmin_dismissibles": staff("the staff member's own dismissed tips"),
    "wagtailadmin_block_preview": staff("preview of a StreamField block type, no stored data"),
    "wagtailadmin_sprite": public("the admin's icons (Wagtail serves them to anyone)"),
    "wagtailadmin_javascript_catalog": public("the admin's translated strings for JavaScript"),
    "wagtail_localize:javascript_catalog": public("wagtail-localize's translated strings for JavaScript"),
    "wagtailadmin_login": public("the admin sign-in form"),
    "wagtailadmin_password_reset": public("the admin's password reset, by e-mail"),
    "wagtailadmin_password_reset_done": public("the admin's password reset, by e-mail"),
    "wagtailadmin_password_reset_confirm": public("the admin's password reset; a forged link is refused by Django"),
    "wagtailadmin_password_reset_complete": public("the admin's password reset, by e-mail"),
    "jamaa_two_factor": staff("the staff member's own two-step verification"),
    "jamaa_two_factor_verify": staff("the code asked after the password"),
    "jamaa_two_factor_staff": refused(SUPERUSERS),
    "jamaa_two_factor_remove": refused(SUPERUSERS, user_id=lambda world: world.b.staff("editor")),
    "wagtailadmin_tag_autocomplete": staff("tag names, shared by every commune"),
    "wagtailadmin_tag_model_autocomplete": staff("tag names, shared by every commune",
                                                 app_name=const("wagtaildocs"), model_name=const("document")),
    "wagtail_bulk_action": refused(
        f"bulk actions on B's pages: {CONFIRMATION} (each page's permissions); the confirmation names the pages "
        "the user may not act on, by their title", get_ok=True, secrets=lambda w: w.b.personal,
        app_label=const("wagtailcore"), model_name=const("page"), action=const("delete"), query={"id": DRAFT},
    ),
    # --- choosers (modal dialogs) -----------------------------------------------------------------
    "wagtailadmin_choose_page": staff("the page chooser: live pages are public; see test_page_chooser_hides_drafts"),
    "wagtailadmin_choose_page_child": staff("the page chooser", parent_page_id=HOME),
    "wagtailadmin_choose_page_search": staff("the page chooser's search"),
    "wagtailadmin_choose_page_chosen_multiple": staff("the page chooser"),
    "wagtailadmin_choose_page_external_link": staff("link chooser: no stored data"),
    "wagtailadmin_choose_page_email_link": staff("link chooser: no stored data"),
    "wagtailadmin_choose_page_phone_link": staff("link chooser: no stored data"),
    "wagtailadmin_choose_page_anchor_link": staff("link chooser: no stored data"),
    "wagtailembeds:chooser": staff("embed chooser: no stored data"),
    "wagtailembeds:chooser_upload": staff("embed chooser: no stored data"),
    "wagtaildocs_chooser:choose": listing("documents of the staff member's collections", control=False),
    "wagtaildocs_chooser:choose_results": listing("documents of the staff member's collections", control=False),
    "wagtaildocs_chooser:chosen": refused("B's document", pk=b("wagtaildocs.document")),
    "wagtaildocs_chooser:chosen_multiple": listing("documents chosen", query={"id": b("wagtaildocs.document")},
                                                   control=False),
    "wagtaildocs_chooser:create": staff("upload into the staff member's collections"),
    "wagtailimages_chooser:choose": listing("images of the staff member's collections", control=False),
    "wagtailimages_chooser:choose_results": listing("images of the staff member's collections", control=False),
    "wagtailimages_chooser:chosen": refused("B's image", pk=b("wagtailimages.image")),
    "wagtailimages_chooser:chosen_multiple": listing("images chosen", query={"id": b("wagtailimages.image")},
                                                     control=False),
    "wagtailimages_chooser:create": staff("upload into the staff member's collections"),
    "wagtailimages_chooser:select_format": refused("B's image", image_id=b("wagtailimages.image")),
    # --- pages --------------------------------------------------------------------------------------
    "wagtailadmin_explore_root": listing("the explorer starts at the staff member's own tree", control=False),
    "wagtailadmin_explore": listing("B's page tree: the explorer lists explorable pages only", control=False,
                                    parent_page_id=HOME),
    "wagtailadmin_explore_results": listing("B's page tree: the explorer lists explorable pages only", control=False,
                                            parent_page_id=HOME),
    "wagtailadmin_pages:add": refused("a page added under B's home", content_type_app_name=const("pages"),
                                      content_type_model_name=const("standardpage"), parent_page_id=HOME),
    "wagtailadmin_pages:preview_on_add": refused("a page previewed under B's home", content_type_app_name=const("pages"),
                                                 content_type_model_name=const("standardpage"), parent_page_id=HOME),
    "wagtailadmin_pages:type_use": listing("pages of a type", content_type_app_name=const("pages"),
                                           content_type_model_name=const("standardpage")),
    "wagtailadmin_pages:type_use_results": listing("pages of a type", content_type_app_name=const("pages"),
                                                   content_type_model_name=const("standardpage")),
    "wagtailadmin_pages:choose_parent": staff("choosing where to add a page: the staff member's own pages",
                                              app_label=const("pages"), model_name=const("standardpage")),
    "wagtailadmin_pages:usage": refused("B's page", page_id=PAGE),
    "wagtailadmin_pages:edit": refused("B's page", page_id=PAGE),
    "wagtailadmin_pages:preview_on_edit": refused("B's page", page_id=PAGE),
    "wagtailadmin_pages:view_draft": refused("B's page", page_id=PAGE),
    "wagtailadmin_pages:add_subpage": refused("B's page", parent_page_id=HOME),
    "wagtailadmin_pages:delete": refused("B's page", page_id=PAGE),
    "wagtailadmin_pages:unpublish": refused("B's page", page_id=PAGE),
    "wagtailadmin_pages:convert_alias": refused("B's page (not an alias: a 404 for everyone)", page_id=PAGE,
                                                control=False),
    "wagtailadmin_pages:search": listing("page search", query={"q": "walk"}, control=False),
    "wagtailadmin_pages:search_results": listing("page search", query={"q": "walk"}, control=False),
    "wagtailadmin_pages:move": refused("B's page", page_to_move_id=PAGE),
    "wagtailadmin_pages:move_confirm": refused(f"B's page: {CONFIRMATION}", get_ok=True, page_to_move_id=PAGE,
                                               destination_id=HOME),
    "wagtailadmin_pages:set_page_position": refused("B's page", page_to_move_id=PAGE, query={"position": "0"}),
    "wagtailadmin_pages:copy": refused("B's page", page_id=PAGE),
    "wagtailadmin_pages:workflow_action": refused(
        "B's page in moderation", page_id=DRAFT, action_name=const("approve"), task_state_id=TASK_STATE),
    "wagtailadmin_pages:collect_workflow_action_data": refused(
        "B's page in moderation", page_id=DRAFT, action_name=const("approve"), task_state_id=TASK_STATE),
    "wagtailadmin_pages:confirm_workflow_cancellation": refused(
        "B's page in moderation: Wagtail's question before publishing (answered by GET or POST), changes nothing",
        get_ok=True, post_ok=True, page_id=DRAFT),
    "wagtailadmin_pages:workflow_preview": refused("B's page in moderation", page_id=DRAFT,
                                                   task_id=b("workflow_state", lambda s: s.current_task_state.task_id)),
    "wagtailadmin_pages:set_privacy": refused("B's page", page_id=PAGE),
    "wagtailadmin_pages:lock": refused("B's page", page_id=PAGE),
    "wagtailadmin_pages:unlock": refused("B's page", page_id=PAGE),
    "wagtailadmin_pages:revisions_index": refused("B's page", page_id=PAGE),
    "wagtailadmin_pages:revisions_view": refused("B's page", page_id=PAGE, revision_id=b("revision")),
    "wagtailadmin_pages:revisions_revert": refused("B's page", page_id=PAGE, revision_id=b("revision")),
    "wagtailadmin_pages:revisions_unschedule": refused("B's page", page_id=PAGE, revision_id=b("revision")),
    "wagtailadmin_pages:revisions_compare": refused("B's page", pk=PAGE, revision_id_a=const("earliest"),
                                                    revision_id_b=const("latest")),
    "wagtailadmin_pages:workflow_history": refused("B's page", page_id=DRAFT),
    "wagtailadmin_pages:workflow_history_detail": refused("B's page", page_id=DRAFT,
                                                          workflow_state_id=b("workflow_state")),
    "wagtailadmin_pages:history": refused("B's page", page_id=PAGE),
    "wagtailadmin_pages:history_results": refused("B's page", page_id=PAGE),
    "wagtailadmin_api:pages:listing": listing("the explorer's API: explorable pages only", control=False),
    "wagtailadmin_api:pages:detail": refused("B's unpublished page", pk=b("draft_page")),
    "wagtailadmin_api:pages:find": listing("the explorer's API", query={"html_path": "/"}, control=False),
    "wagtailadmin_api:pages:action": refused("B's page", pk=PAGE, action_name=const("copy")),
    "wagtailadmin_api:documents:listing": listing("the admin API of documents", control=False),
    "wagtailadmin_api:documents:detail": refused("B's document", pk=b("wagtaildocs.document")),
    "wagtailadmin_api:documents:find": listing("the admin API of documents", control=False),
    "wagtailadmin_api:images:listing": listing("the admin API of images", control=False),
    "wagtailadmin_api:images:detail": refused("B's image", pk=b("wagtailimages.image")),
    "wagtailadmin_api:images:find": listing("the admin API of images", control=False),
    "wagtailadmin_editing_sessions:ping": refused(
        "B's page being edited", app_label=const("wagtailcore"), model_name=const("page"),
        object_id=lambda world: str(world.b.get("page").pk), session_id=b("editing_session")),
    "wagtailadmin_editing_sessions:release": refused(
        "B's editor's session: Wagtail answers 200 to anyone but only ends the user's own", post_ok=True,
        session_id=b("editing_session")),
    # --- reports ----------------------------------------------------------------------------------
    "wagtailadmin_reports:locked_pages": listing("locked pages"),
    "wagtailadmin_reports:locked_pages_results": listing("locked pages"),
    "wagtailadmin_reports:workflow": listing("pages in moderation"),
    "wagtailadmin_reports:workflow_results": listing("pages in moderation"),
    "wagtailadmin_reports:workflow_tasks": listing("moderation tasks"),
    "wagtailadmin_reports:workflow_tasks_results": listing("moderation tasks"),
    "wagtailadmin_reports:site_history": listing("the log of every change"),
    "wagtailadmin_reports:site_history_results": listing("the log of every change"),
    "wagtailadmin_reports:aging_pages": listing("live pages by last publication (oldest first: no control)",
                                                control=False),
    "wagtailadmin_reports:aging_pages_results": listing("live pages by last publication (oldest first: no control)",
                                                        control=False),
    "wagtailadmin_reports:page_types_usage": listing("counts per page type, no titles", control=False),
    "wagtailadmin_reports:page_types_usage_results": listing("counts per page type, no titles", control=False),
    # --- media --------------------------------------------------------------------------------------
    "wagtaildocs:index": listing("documents of the staff member's collections"),
    "wagtaildocs:index_results": listing("documents of the staff member's collections"),
    "wagtaildocs:add": staff("upload into the staff member's collections"),
    "wagtaildocs:edit": refused("B's document", document_id=b("wagtaildocs.document")),
    "wagtaildocs:delete": refused("B's document", document_id=b("wagtaildocs.document")),
    "wagtaildocs:add_multiple": staff("upload into the staff member's collections"),
    "wagtaildocs:edit_multiple": refused("B's document", doc_id=b("wagtaildocs.document")),
    "wagtaildocs:delete_multiple": refused("B's document", doc_id=b("wagtaildocs.document")),
    "wagtaildocs:create_multiple_from_uploaded_document": refused(
        "a file B's editor uploaded", uploaded_file_id=b("wagtailcore.uploadedfile")),
    "wagtaildocs:delete_upload_multiple": refused("a file B's editor uploaded", uploaded_file_id=b("wagtailcore.uploadedfile")),
    "wagtaildocs:document_usage": refused("B's document", document_id=b("wagtaildocs.document")),
    "wagtailimages:index": listing("images of the staff member's collections"),
    "wagtailimages:index_results": listing("images of the staff member's collections"),
    "wagtailimages:edit": refused("B's image", image_id=b("wagtailimages.image")),
    "wagtailimages:delete": refused("B's image", image_id=b("wagtailimages.image")),
    "wagtailimages:url_generator": refused("B's image (needs the image serve view, not installed: a 404 for everyone)",
                                           image_id=b("wagtailimages.image"), control=False),
    "wagtailimages:url_generator_output": refused(
        "B's image (needs the image serve view, not installed: a 404 for everyone)", image_id=b("wagtailimages.image"),
        control=False),
    "wagtailimages:preview": refused("B's image", image_id=b("wagtailimages.image"), filter_spec=const("original")),
    "wagtailimages:add": staff("upload into the staff member's collections"),
    "wagtailimages:image_usage": refused("B's image", image_id=b("wagtailimages.image")),
    "wagtailimages:add_multiple": staff("upload into the staff member's collections"),
    "wagtailimages:edit_multiple": refused("B's image", image_id=b("wagtailimages.image")),
    "wagtailimages:create_multiple_from_uploaded_image": refused(
        "a file B's editor uploaded", uploaded_file_id=b("wagtailcore.uploadedfile")),
    "wagtailimages:delete_multiple": refused("B's image", image_id=b("wagtailimages.image")),
    "wagtailimages:delete_upload_multiple": refused("a file B's editor uploaded", uploaded_file_id=b("wagtailcore.uploadedfile")),
    "wagtaildocs_serve": public("documents are public files (private ones live in a collection with privacy)"),
    "wagtaildocs_authenticate_with_password": public("the password form of a private collection"),
    # --- forms, settings, redirects, snippets -------------------------------------------------------
    "wagtailforms:index": listing("the form pages the staff member may edit", secrets=lambda w: [w.b.labels["contact"]]),
    "wagtailforms:index_results": listing("the form pages the staff member may edit",
                                          secrets=lambda w: [w.b.labels["contact"]]),
    "wagtailforms:list_submissions": refused("B's contact form submissions", page_id=b("contact_page")),
    "wagtailforms:list_submissions_results": refused("B's contact form submissions", page_id=b("contact_page")),
    "wagtailforms:delete_submissions": refused("B's contact form submissions", page_id=b("contact_page"),
                                               query={"selected-submissions": b("form_submission")}),
    "wagtailsettings:edit": refused("B's site settings", app_name=const("base"), model_name=const("communesettings"),
                                    pk=lambda world: world.b.site),
    "wagtailsettings:preview_on_edit": refused(
        "B's site settings (a preview of posted form data: a GET alone is a 404)", app_name=const("base"),
        model_name=const("communesettings"), pk=lambda world: world.b.site, control=False),
    "admin/settings/<slug:app_name>/<slug:model_name>/": staff(
        "redirects to the settings of the staff member's own site", app_name=const("base"),
        model_name=const("communesettings")),
    "wagtailsnippets:index": staff("the list of snippet types"),
    "wagtail_localize:submit_page_translation": refused("B's page", page_id=PAGE),
    "wagtail_localize:submit_snippet_translation": refused(
        "B's category", app_label=const("participation_suggestions"), model_name=const("suggestioncategory"),
        pk=lambda world: str(world.b.get("participation_suggestions.suggestioncategory").pk)),
    "wagtail_localize:update_translations": refused("B's page's translation", translation_source_id=b("translation_source")),
    # base/wagtail_hooks.py answers these three paths before wagtail-localize, with the object's permission
    "jamaa_submit_page_translation": refused("B's page", page_id=PAGE),
    "jamaa_submit_snippet_translation": refused(
        "B's category", app_label=const("participation_suggestions"), model_name=const("suggestioncategory"),
        pk=lambda world: str(world.b.get("participation_suggestions.suggestioncategory").pk)),
    "jamaa_update_translations": refused("B's page's translation", translation_source_id=b("translation_source")),
    "wagtail_localize:edit_string_translation": refused(
        "B's page's translation", translation_id=b("translation"), string_segment_id=b("string_segment")),
    "wagtail_localize:edit_override": skip("the demo pages have no overridable segment (images, links) to translate"),
    "wagtail_localize:download_pofile": refused("B's page's translation", translation_id=b("translation")),
    "wagtail_localize:upload_pofile": refused("B's page's translation", translation_id=b("translation")),
    "wagtail_localize:machine_translate": refused("B's page's translation", translation_id=b("translation")),
    "wagtail_localize:preview_translation": refused("B's page's translation", translation_id=b("translation")),
    "wagtail_localize:stop_translation": refused("B's page's translation", translation_id=b("translation")),
    "wagtail_localize:convert_to_alias": refused("B's page (not a translation: a 404 for everyone)", page_id=PAGE,
                                                 control=False),
    "wagtail_localize:translations_report": listing("translations", control=False),
    "wagtail_localize:translations_report_results": listing("translations", control=False),
    "wagtail_localize:snippets_api_listing": listing(
        LOCALIZE_API, app_label=const("participation_suggestions"), model_name=const("suggestioncategory"),
        secrets=lambda w: w.b.personal, control=False),
    "wagtail_localize:snippets_api_detail": listing(
        LOCALIZE_API, app_label=const("participation_suggestions"), model_name=const("suggestioncategory"),
        pk=lambda world: str(world.b.get("participation_suggestions.suggestioncategory").pk),
        secrets=lambda w: w.b.personal, control=False),
    "admin/localize/translate/<int:translation_id>/preview/<str:mode>/": refused(
        "B's page's translation (a page type's named preview mode: standard pages have none, a 404 for everyone)",
        translation_id=b("translation"), mode=const("default"), control=False),
    # --- the plugins' admin pages beside their viewsets -------------------------------------------
    "participation_cleanup:index": listing("spam cleanup: the targets and petitions of the staff member's communes"),
    "participation_petitions_petition:record_paper": listing("the form offers the staff member's communes only",
                                                             control=False),
    "participation_petitions_petition:signatures": refused("B's petition's signatures", pk=b(PETITION)),
    "participation_petitions_petition:export_signatures": refused("B's petition's signatures", pk=b(PETITION)),
    "participation_petitions_petition:invalidate_signature": refused(
        "B's petition's signature", pk=b(PETITION), signature_pk=b(SIGNATURE)),
    "participation_petitions_petition:restore_signature": refused(
        "B's petition's signature", pk=b(PETITION), signature_pk=b(SIGNATURE)),
    "participation_petitions_petition:receipt": refused("B's petition's receipt (only a filed petition has one)",
                                                        pk=b(PETITION), control=False),
    "participation_information_informationrequest:record_paper": listing(
        "the form offers the staff member's communes only", control=False),
    "participation_information_informationrequest:overview": listing("counts of the staff member's communes",
                                                                     control=False),
    "participation_information_informationrequest:answer_file": refused(
        "B's answer file", pk=b(REQUEST), file_pk=b("participation_information.answerfile")),
    "participation_consultations_response:overview": listing("the staff member's consultations"),
    "participation_consultations_response:export_texts": refused(
        "B's consultation's written answers", page_id=b("participation_consultations.consultationpage")),
    "participation_consultations_sectioncomment:moderate": refused(
        "B's comment", pk=b(COMMENT), action=const("approve")),
    "participation_meetings_registration:statistics": listing("counts of the staff member's meetings"),
    "participation_action_plan_action:update": refused("B's action", pk=b("participation_action_plan.action")),
    "participation_action_plan_action:import": listing("the form offers the staff member's plans only", control=False),
    # --- the public site ------------------------------------------------------------------------
    "robots_txt": public("robots.txt"),
    "sitemap": public("the sitemap of live public pages"),
    "favicon": public("the commune's icon"),
    "search": public("search of live public pages (tests/site/test_search.py)"),
    "wagtailcore_authenticate_with_password": public("the password form of a private page"),
    "wagtailcore_login": public("the sign-in form of pages restricted to logged-in visitors"),
    "wagtail_serve": public("the commune's pages (Wagtail serves only live pages of the host's site)"),
    "captcha-image": public("a captcha image, by its random key"),
    "captcha-image-2x": public("a captcha image, by its random key"),
    "captcha-audio": public("a captcha sound, by its random key"),
    "captcha-refresh": public("a new captcha"),
    # --- the public API -------------------------------------------------------------------------
    "participation_api:api-root": api("the API's root", control=False),
    "participation_api:openapi-json": api("the OpenAPI schema", control=False),
    "participation_api:list_suggestions": api(),
    "participation_api:list_categories": api(),
    "participation_api:get_suggestion": api(reference=b(SUGGESTION, "reference")),
    "participation_api:list_petitions": api(),
    "participation_api:get_petition": api(reference=b(PETITION, "reference")),
    "participation_api:list_requests": api(),
    "participation_api:get_request": api(reference=b(REQUEST, "reference")),
    "participation_api:list_consultations": api(),
    "participation_api:get_consultation": api(consultation_id=b("participation_consultations.consultationpage")),
    "participation_api:get_results": api(consultation_id=b("participation_consultations.consultationpage"),
                                         control=False),  # results only once closed
    "participation_api:list_meetings": api(),
    "participation_api:get_meeting": api(meeting_id=b("participation_meetings.meetingpage")),
    "participation_api:list_associations": api(control=False),  # the register lists validated adhesions only
    "participation_api:register_counts": api("counts only", control=False),
    "participation_api:list_indicators": api(),
    "participation_api:list_plans": api(),
    "participation_api:get_plan": api(plan_id=b("participation_action_plan.actionplanpage")),
    "participation_api:list_actions": api(),
    "participation_api:get_action": api(action_id=b("participation_action_plan.action")),
    # --- plugin pages: public routes and private links ----------------------------------------------
    "news.NewsIndexPage:index_route": page("the news list"),
    "news.NewsIndexPage:rss": page("the news feed"),
    "participation_suggestions.SuggestionBoxPage:index": page(),
    "participation_suggestions.SuggestionBoxPage:index_route": page(),
    "participation_suggestions.SuggestionBoxPage:submit": page("the form"),
    "participation_suggestions.SuggestionBoxPage:rss": page(),
    "participation_suggestions.SuggestionBoxPage:detail": page(pk=b(SUGGESTION)),
    "participation_suggestions.SuggestionBoxPage:support": page(pk=b(SUGGESTION)),
    "participation_suggestions.SuggestionBoxPage:receipt": followup(b(SUGGESTION, "access_token")),
    "participation_suggestions.SuggestionBoxPage:followup": followup(b(SUGGESTION, "access_token")),
    "participation_suggestions.SuggestionBoxPage:confirm_support": followup(
        token_of("participation_suggestions.suggestionsupport", "support")),
    "participation_petitions.PetitionIndexPage:index": page(),
    "participation_petitions.PetitionIndexPage:index_route": page(),
    "participation_petitions.PetitionIndexPage:start": page("the form"),
    "participation_petitions.PetitionIndexPage:detail": page(pk=b(PETITION)),
    "participation_petitions.PetitionIndexPage:sign": page(pk=b(PETITION)),
    "participation_petitions.PetitionIndexPage:started": followup(b(PETITION, "access_token")),
    "participation_petitions.PetitionIndexPage:manage": followup(b(PETITION, "access_token")),
    "participation_petitions.PetitionIndexPage:manage_edit": followup(b(PETITION, "access_token")),
    "participation_petitions.PetitionIndexPage:receipt": followup(b(PETITION, "access_token"), control=False),
    "participation_petitions.PetitionIndexPage:receipt_pdf": followup(b(PETITION, "access_token"), control=False),
    "participation_petitions.PetitionIndexPage:manage_action": followup(b(PETITION, "access_token"),
                                                                       action=const("withdraw")),
    "participation_petitions.PetitionIndexPage:confirm_signature": followup(token_of(SIGNATURE, "sign")),
    "participation_petitions.PetitionIndexPage:withdraw_signature": followup(token_of(SIGNATURE, "withdraw")),
    "participation_information.InformationRequestPage:index": page(),
    "participation_information.InformationRequestPage:index_route": page(),
    "participation_information.InformationRequestPage:submit": page("the form"),
    "participation_information.InformationRequestPage:register": page(),
    "participation_information.InformationRequestPage:publication": page(),
    "participation_information.InformationRequestPage:register_detail": page(pk=b(REQUEST)),
    "participation_information.InformationRequestPage:register_file": page(
        pk=b(REQUEST), file_pk=b("participation_information.answerfile")),
    "participation_information.InformationRequestPage:receipt": followup(b(REQUEST, "access_token")),
    "participation_information.InformationRequestPage:followup": followup(b(REQUEST, "access_token")),
    "participation_information.InformationRequestPage:answer_file": followup(
        b(REQUEST, "access_token"), pk=b("participation_information.answerfile")),
    "participation_consultations.ConsultationIndexPage:index": page(),
    "participation_consultations.ConsultationIndexPage:index_route": page(),
    "participation_consultations.ConsultationPage:index": page(),
    "participation_consultations.ConsultationPage:index_route": page(),
    "participation_consultations.ConsultationPage:answer": page("the form"),
    "participation_consultations.ConsultationPage:comment": page("the form", section_id=b(
        "participation_consultations.consultationpage", lambda p: p.sections[0][0])),
    "participation_consultations.ConsultationPage:report_comment": page(pk=b(COMMENT)),
    "participation_consultations.ConsultationPage:confirm_response": followup(token_of(RESPONSE, "answer")),
    "participation_consultations.ConsultationPage:change": followup(b(RESPONSE, "access_token")),
    "participation_consultations.ConsultationPage:confirm_comment": followup(token_of(COMMENT, "comment")),
    "participation_meetings.MeetingIndexPage:index": page(),
    "participation_meetings.MeetingIndexPage:index_route": page(),
    "participation_meetings.MeetingIndexPage:ical": page(),
    "participation_meetings.MeetingPage:detail": page(),
    "participation_meetings.MeetingPage:index_route": page(),
    "participation_meetings.MeetingPage:ical": page(),
    "participation_meetings.MeetingPage:register": page("the form"),
    "participation_meetings.MeetingPage:registration": followup(b(REGISTRATION, "access_token")),
    "participation_meetings.MeetingPage:my_ical": followup(b(REGISTRATION, "access_token")),
    "participation_meetings.MeetingPage:cancel": followup(b(REGISTRATION, "access_token")),
    "participation_charter.CharterPage:detail": page(),
    "participation_charter.CharterPage:index_route": page(),
    "participation_charter.CharterPage:join": page("the form", kind=const("association")),
    "participation_charter.CharterPage:register": page(),
    "participation_charter.CharterPage:monitoring": page(),
    "participation_charter.CharterPage:confirm": followup(token_of(ADHESION, "adhesion")),
    "participation_charter.CharterPage:adhesion": followup(b(ADHESION, "access_token")),
    "participation_charter.CharterPage:complete": followup(b(ADHESION, "access_token"), control=False),
    "participation_charter.CharterPage:withdraw": followup(b(ADHESION, "access_token")),
    "participation_charter.CharterPage:certificate": followup(b(ADHESION, "access_token"), control=False),
    "participation_action_plan.ActionPlanPage:dashboard": page(),
    "participation_action_plan.ActionPlanPage:index_route": page(),
    "participation_action_plan.ActionPlanPage:action": page(action_id=b("participation_action_plan.action")),
    "participation_action_plan.ActionPlanPage:export_csv": page(),
    "participation_action_plan.ActionPlanPage:export_json": page(),
}

#: whole namespaces of Wagtail's own settings screens, reserved to superusers (no demo role
#: holds their model permissions), with how to fill their parameters
SUPERUSER_NAMESPACES = {
    "wagtailusers_users": {"pk": lambda world: world.b.staff("editor")},
    "wagtailusers_groups": {"pk": b("group")},
    "wagtailsites": {"pk": lambda world: world.b.site},
    "wagtaillocales": {"pk": lambda world: world.b.site.root_page.locale},
    "wagtailadmin_collections": {"pk": b("collection"), "collection_id": b("collection")},
    "wagtailadmin_workflows": {
        "pk": lambda world: world.workflow, "page_pk": PAGE, "workflow_pk": lambda world: world.workflow,
        "app_label": const("wagtailcore"), "model_name": const("groupapprovaltask"),
        "task_id": lambda world: world.workflow.tasks.first(),
    },
    "wagtailredirects": {"redirect_id": b("wagtailredirects.redirect")},
}
TASK = {"pk": lambda world: world.workflow.tasks.first()}
SHARED_TASKS = "the moderation tasks, shared by every commune (chosen when a superuser edits a workflow)"
CATEGORY = "participation_suggestions.suggestioncategory"
CATEGORY_CHOOSER = "wagtailsnippetchoosers_participation_suggestions_suggestioncategory"
RULES |= {
    "wagtailadmin_workflows:edit_task": refused(SUPERUSERS, **TASK),
    "wagtailadmin_workflows:disable_task": refused(SUPERUSERS, **TASK),
    "wagtailadmin_workflows:enable_task": refused(SUPERUSERS, **TASK),
    "wagtailadmin_workflows:task_chooser": staff(SHARED_TASKS),
    "wagtailadmin_workflows:task_chooser_results": staff(SHARED_TASKS),
    "wagtailadmin_workflows:task_chooser_create": staff(SHARED_TASKS),
    "wagtailadmin_workflows:task_chosen": staff(SHARED_TASKS, task_id=TASK["pk"]),
    # the generic rules, with a search so that the superuser's first page holds B's record
    f"{CATEGORY_CHOOSER}:choose": listing("categories of the staff member's communes", query={"q": b(CATEGORY, "name")}),
    f"{CATEGORY_CHOOSER}:choose_results": listing("categories of the staff member's communes",
                                                  query={"q": b(CATEGORY, "name")}),
    f"{CATEGORY_CHOOSER}:chosen_multiple": listing("categories chosen", query={"id": b(CATEGORY)}),
    "participation_action_plan_action:index_results": listing("actions of the staff member's communes",
                                                              query={"q": "walk"}),
    # national rows and the staff member's communes' rows: no text of B's row but its commune
    "participation_core_holidayoverride:index": listing("holidays announced", secrets=lambda w: [w.b.labels["site"]]),
    "participation_core_holidayoverride:index_results": listing("holidays announced",
                                                                secrets=lambda w: [w.b.labels["site"]]),
}

#: the names Wagtail gives a viewset's views, and what each is about
VIEWSET_LISTINGS = {"index", "index_results", "list", "list_results", "choose", "choose_results", "chosen_multiple"}
VIEWSET_FORMS = {"add", "create"}  # a new record: the form offers the user's communes only
VIEWSET_OBJECTS = {"inspect", "edit", "delete", "history", "history_results", "usage", "copy", "transition", "chosen",
                   "document", "renew_link"}
#: namespaces of the plugins' viewsets (their records belong to one commune each)
PLUGIN_NAMESPACE = re.compile(r"^(participation_|wagtailsnippets_participation_|wagtailsnippetchoosers_participation_)")


def classify(endpoint: Endpoint) -> Rule | None:
    """The rule of `endpoint`, or None when nobody classified it (the walk then fails)."""
    if endpoint.route in RULES:
        return RULES[endpoint.route]
    if endpoint.name in RULES:
        return RULES[endpoint.name]
    if endpoint.namespace in SUPERUSER_NAMESPACES:
        fill = SUPERUSER_NAMESPACES[endpoint.namespace]
        return refused(SUPERUSERS, **{p: fill[p] for p in endpoint.params if p in fill})
    if PLUGIN_NAMESPACE.match(endpoint.namespace) and endpoint.model is not None:
        if endpoint.short_name in VIEWSET_LISTINGS:
            return listing(f"{endpoint.model.__name__} of the staff member's communes")
        if endpoint.short_name in VIEWSET_FORMS:
            return listing(f"a new {endpoint.model.__name__}: the form offers the staff member's communes only",
                           control=False)
        if endpoint.short_name in VIEWSET_OBJECTS and set(endpoint.params) <= {"pk", "action", "field"}:
            if "action" in endpoint.params and not any(t.staff for t in endpoint.model.workflow.transitions):
                return refused(f"B's {endpoint.model.__name__}; no staff step in its workflow: every action is a 404",
                               control=False, **viewset_fill(endpoint))
            return refused(f"B's {endpoint.model.__name__}", **viewset_fill(endpoint))
    return None


def viewset_fill(endpoint: Endpoint) -> dict:
    """A viewset's URL about one record: B's record of the viewset's model, a staff action of
    its workflow, a stored file it holds."""
    label = endpoint.model._meta.label_lower
    fill = {"pk": b(label)}
    if "action" in endpoint.params:
        fill["action"] = b(label, staff_action)
    if "field" in endpoint.params:
        fill["field"] = b(label, lambda record: next(
            name for name in endpoint.viewset.file_fields if getattr(record, name)))
    return fill


def staff_action(record) -> str:
    """A workflow step staff may take on the record now (else any staff step)."""
    from participation.core import services
    from tests.support.walk_records import superuser

    available = [t.name for t in services.available(record, superuser()) if t.staff]
    return (available or [t.name for t in record.workflow.transitions if t.staff] or [record.workflow.transitions[0].name])[0]


# --- the world: both communes' records, made once for the module ----------------------------------


class World:
    def __init__(self, site_a, site_b):
        self.a = Records(site_a, "a")
        self.b = Records(site_b, "b")
        self.clients: dict[str, Client] = {}
        #: endpoints whose records could not be made, and why (their test fails with it)
        self.broken: dict[str, str] = {}

    @cached_property
    def workflow(self):
        from wagtail.models import Workflow

        return Workflow.objects.order_by("pk").first()

    def client(self, username, host=HOST_A) -> Client:
        """A client signed in once for the module: its session is made with the module's
        records, so no test's rollback signs it out."""
        key = f"{username}@{host}"
        if key not in self.clients:
            client = Client(HTTP_HOST=host)
            if username != "anonymous":
                client.force_login(get_user_model().objects.get(username=username))
            self.clients[key] = client
        return self.clients[key]

    def make_everything(self):
        """Every record any URL is filled with, made now: a record made during a test would be
        rolled back with it while the cache of Records kept it."""
        for endpoint in ENDPOINTS:
            rule = classify(endpoint)
            if rule is None:
                continue
            try:
                self.fill(endpoint, rule), self.query(rule)
            except (AssertionError, LookupError, StopIteration) as error:
                self.broken[endpoint.name] = f"{type(error).__name__}: {error}"
        for model_label in RECORD_MODELS:
            self.b.get(model_label)
            self.a.get(model_label)
        self.a.get("draft_page")
        for username in (*A_STAFF, "admin"):
            assert self.client(username).get(reverse("wagtailadmin_home")).status_code == 200, username
        self.client("anonymous", HOST_A), self.client("anonymous", HOST_B)

    def fill(self, endpoint: Endpoint, rule: Rule) -> tuple[dict, list]:
        """URL parameters, and the model instances they came from (watched for changes)."""
        assert endpoint.name not in self.broken, f"{endpoint}: {self.broken[endpoint.name]}"
        values, watched = {}, []
        for param in endpoint.params:
            if param not in rule.fill:
                raise AssertionError(f"{endpoint}: the rule does not say how to fill <{param}>")
            value = rule.fill[param](self)
            if hasattr(value, "_meta"):
                watched.append(value)
                value = value.pk
            values[param] = value
        return values, watched

    def query(self, rule: Rule) -> dict:
        query = {}
        for key, make in rule.query.items():
            value = make(self) if callable(make) else make
            query[key] = value.pk if hasattr(value, "_meta") else value
        return query

    @property
    def b_secrets(self) -> list[str]:
        """What A's staff must never see of B in a listing or a record's screen."""
        return self.b.markers + self.b.public_markers + self.b.personal

    @property
    def b_private(self) -> list[str]:
        """What A's staff must never see of B anywhere (B's live pages' titles they may link to)."""
        return self.b.markers + self.b.personal

    @property
    def all_personal(self) -> list[str]:
        return self.a.personal + self.b.personal


#: commune B has one of each, whatever the rules ask for: sentinels that listings must not show
RECORD_MODELS = (
    SUGGESTION, "participation_suggestions.suggestionsupport", "participation_suggestions.suggestionnote", PETITION,
    SIGNATURE, REQUEST, RESPONSE, COMMENT, REGISTRATION, ADHESION, "participation_charter.indicator",
    "participation_action_plan.actionindicator", "participation_core.department", "participation_core.holidayoverride",
    "participation_core.closureday", "participation_core.personaldataaccess", "draft_page", "form_submission",
    "wagtailimages.image", "wagtaildocs.document",
)


@pytest.fixture(scope="module")
def world(_demo_loaded, django_db_blocker):
    """Both communes' records, made once; rolled back when the module is done."""
    from tests.conftest import _demo_present

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            if not _demo_present():
                from django.core.management import call_command

                call_command("load_demo", verbosity=0)
            from wagtail.models import Site

            made = World(Site.objects.get(hostname=HOST_A), Site.objects.get(hostname=HOST_B))
            made.make_everything()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield made
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


# --- the walk ------------------------------------------------------------------------------------------

ENDPOINTS = all_endpoints()


def test_every_url_pattern_is_classified():
    """A new view fails here until RULES says who may see it."""
    unclassified = [str(e) for e in ENDPOINTS if classify(e) is None]
    assert not unclassified, "URL patterns the access walk does not know (add them to RULES):\n" + "\n".join(unclassified)
    stale = set(RULES) - {e.name for e in ENDPOINTS} - {e.route for e in ENDPOINTS}
    assert not stale, f"RULES name URLs that no longer exist: {sorted(stale)}"


def _cases(kind):
    return [pytest.param(e, id=str(e)) for e in ENDPOINTS if (rule := classify(e)) is not None and rule.kind == kind]


def _url(endpoint: Endpoint, kwargs: dict, query: dict | None = None) -> str:
    try:
        url = reverse(endpoint.name, kwargs=kwargs) if kwargs else reverse(endpoint.name)
    except NoReverseMatch:
        if endpoint.name == "admin/test404/":
            url = "/admin/test404/"
        elif endpoint.name == "admin/^.*/$":
            url = "/admin/no-such-screen/"
        else:
            url = reverse(endpoint.name, args=list(kwargs.values()))
    if query:
        from urllib.parse import urlencode

        url += "?" + urlencode(query)
    return url


def _where(endpoint, username, method, url, response):
    return f"{endpoint} as {username}: {method} {url} answered {response.status_code} {response.get('Location', '')}"


def _is_login(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("wagtailadmin_login"))


def _settle(response, client, hops=3):
    """Follow redirects within the admin (an old URL sent to its new one, a search sent to the
    page found), but not Wagtail's "permission denied" one to the dashboard."""
    while hops and response.status_code == 302:
        location = response["Location"].removeprefix("http://testserver").removeprefix(f"http://{HOST_A}")
        if location == reverse("wagtailadmin_home") or not location.startswith("/admin/") or _is_login(response):
            break
        response = client.get(location)
        hops -= 1
    return response


def _is_refusal(response, client) -> bool:
    """403/404/400/405/410, or Wagtail's "permission denied": a redirect to the dashboard. Not a
    redirect to the login: the clients are signed in, so that would mean the check proves nothing."""
    if response.status_code == 302:
        return response["Location"] == reverse("wagtailadmin_home") or final_status(response, client) == 404
    return response.status_code in REFUSED_STATUSES


def _leaks(text: str, secrets, url: str = "") -> list[str]:
    """The secrets found in `text`, but those the request itself holds (a search box, the
    language links of a private page show what was asked for)."""
    from urllib.parse import unquote

    asked = unquote(url)
    return [s for s in secrets if s and s in text and s not in asked]


def _secrets(world, rule) -> list[str]:
    return list(rule.secrets(world)) if rule.secrets else world.b_secrets


def _snapshot(watched):
    return table_counts(), [row_of(obj) for obj in watched]


def _changes(before, after) -> str:
    counts = [f"{t}: {n} → {m}" for (t, n), (_t, m) in zip(before[0], after[0], strict=True) if n != m]
    rows = ["a watched record changed" for x, y in zip(before[1], after[1], strict=True) if x != y]
    return "; ".join(counts + rows)


def _anonymous_is_sent_to_login(world, endpoint, url):
    client = world.client("anonymous")
    response = client.get(url)
    assert _is_login(response) or final_status(response, client) in REFUSED_STATUSES, \
        _where(endpoint, "anonymous", "GET", url, response)


@pytest.mark.parametrize("endpoint", _cases("refused"))
def test_other_commune_records_and_superuser_screens_are_refused(endpoint, world, db):
    rule = classify(endpoint)
    kwargs, watched = world.fill(endpoint, rule)
    url = _url(endpoint, kwargs, world.query(rule))
    secrets = _secrets(world, rule)
    before = _snapshot(watched)

    for username in ("anonymous", *A_STAFF):
        client = world.client(username)
        for method in ("get", "post") if rule.post else ("get",):
            response = getattr(client, method)(url, {} if method == "post" else None)
            where = _where(endpoint, username, method.upper(), url, response)
            assert response.status_code < 500, where
            if username == "anonymous":
                assert _is_login(response) or final_status(response, client) in REFUSED_STATUSES, where
            else:
                response = _settle(response, client)
                where = _where(endpoint, username, method.upper(), url, response)
                tolerated = rule.get_ok if method == "get" else rule.post_ok
                assert _is_refusal(response, client) or (tolerated and response.status_code == 200), where
            leaked = _leaks(body(response), secrets, url)
            assert not leaked, f"{where} shows commune B's {leaked}"
            if method == "post" or not rule.post:  # (a change a GET made shows here too)
                changed = _changes(before, _snapshot(watched))
                assert not changed, f"{where}, yet: {changed}"

    if rule.control:
        client = world.client("admin")
        response = client.get(url)
        status = final_status(response, client)
        assert status not in (404, 500), f"control: {_where(endpoint, 'admin', 'GET', url, response)} (is the URL right?)"


@pytest.mark.parametrize("endpoint", _cases("listing"))
def test_listings_and_exports_show_only_the_staff_members_communes(endpoint, world, db):
    rule = classify(endpoint)
    kwargs, _watched = world.fill(endpoint, rule)
    query = world.query(rule)
    secrets = _secrets(world, rule)
    urls = [_url(endpoint, kwargs, query)]
    if endpoint.short_name == "index" and getattr(endpoint.callback, "view_class", None) is not None:
        urls.append(_url(endpoint, kwargs, {**query, "export": "csv"}))

    for url in urls:
        _anonymous_is_sent_to_login(world, endpoint, url)
        for username in A_STAFF:
            client = world.client(username)
            response = _settle(client.get(url), client)
            where = _where(endpoint, username, "GET", url, response)
            assert response.status_code < 500, where
            if _is_refusal(response, client):
                continue
            assert response.status_code == 200, where
            leaked = _leaks(body(response), secrets, url)
            assert not leaked, f"{where} shows commune B's {leaked}"

    if rule.control:
        client = world.client("admin")
        response = client.get(urls[0])
        assert response.status_code == 200, f"control: {_where(endpoint, 'admin', 'GET', urls[0], response)}"
        assert _leaks(body(response), secrets), \
            f"control: the superuser sees none of B's records at {urls[0]}: the check above proves nothing"


@pytest.mark.parametrize("endpoint", _cases("staff"))
def test_staff_screens_need_a_login_and_show_nothing_of_another_commune(endpoint, world, db):
    rule = classify(endpoint)
    kwargs, _watched = world.fill(endpoint, rule)
    url = _url(endpoint, kwargs)
    logout = endpoint.name == "wagtailadmin_logout"
    if not logout:
        _anonymous_is_sent_to_login(world, endpoint, url)
    for username in A_STAFF:
        client = world.client(username)
        if logout:  # a client of its own: signing out ends the shared client's session
            client = Client(HTTP_HOST=HOST_A)
            client.force_login(get_user_model().objects.get(username=username))
        response = client.get(url)
        where = _where(endpoint, username, "GET", url, response)
        assert response.status_code < 500, where
        leaked = _leaks(body(response), world.b_private)
        assert not leaked, f"{where} shows commune B's {leaked}"


# --- the citizens' side ----------------------------------------------------------------------------------


def _route_url(world, records: Records, endpoint: Endpoint, kwargs: dict) -> str:
    page = records.get(endpoint.page_model)
    return page.get_url_parts()[2] + page.reverse_subpage(endpoint.route_name, kwargs=kwargs)


def _page_get(world, host, url):
    client = world.client("anonymous", host)
    return client, client.get(url)


@pytest.mark.parametrize("endpoint", _cases("followup"))
def test_private_links_need_their_own_token_on_their_own_communes_page(endpoint, world, db):
    rule = classify(endpoint)
    kwargs, watched = world.fill(endpoint, rule)
    before = _snapshot(watched)
    forged = _route_url(world, world.a, endpoint, {**kwargs, "token": FORGED})
    cross = _route_url(world, world.a, endpoint, kwargs)
    for url in (forged, cross):
        for method in ("get", "post"):
            client = world.client("anonymous", HOST_A)
            response = getattr(client, method)(url, {} if method == "post" else None)
            assert final_status(response, client) in REFUSED_STATUSES, _where(endpoint, "anonymous", method.upper(), url, response)
            leaked = _leaks(body(response), world.b_secrets, url)
            assert not leaked, f"{_where(endpoint, 'anonymous', method.upper(), url, response)} shows {leaked}"
            if method == "post":
                changed = _changes(before, _snapshot(watched))
                assert not changed, f"{_where(endpoint, 'anonymous', method.upper(), url, response)}, yet: {changed}"
    if rule.control:
        own = _route_url(world, world.b, endpoint, kwargs)
        client, response = _page_get(world, HOST_B, own)
        assert final_status(response, client) not in (*REFUSED_STATUSES, 500), \
            f"control: {_where(endpoint, 'anonymous', 'GET', own, response)}: B's own link does not work"


@pytest.mark.parametrize("endpoint", _cases("page"))
def test_public_routes_show_only_their_communes_public_records(endpoint, world, db):
    rule = classify(endpoint)
    kwargs, watched = world.fill(endpoint, rule)
    about_a_record = bool(watched)
    on_a = _route_url(world, world.a, endpoint, kwargs)
    client, response = _page_get(world, HOST_A, on_a)
    where = _where(endpoint, "anonymous", "GET", on_a, response)
    assert response.status_code < 500, where
    if about_a_record:
        assert final_status(response, client) in (404, 400, 405), f"{where}: B's record on A's page"
    text = body(response)
    assert not _leaks(text, world.all_personal), f"{where} shows personal data {_leaks(text, world.all_personal)}"
    b_records = world.b.markers + world.b.public_markers
    assert not _leaks(text, b_records), f"{where} shows commune B's {_leaks(text, b_records)}"
    on_b = _route_url(world, world.b, endpoint, kwargs)
    client, response = _page_get(world, HOST_B, on_b)
    where = _where(endpoint, "anonymous", "GET", on_b, response)
    assert response.status_code < 500, where
    assert not _leaks(body(response), world.all_personal), f"{where} shows personal data"
    if about_a_record and rule.control:
        assert response.status_code in (200, 302), f"control: {where}"


def _json_keys(value, found=None) -> set:
    found = set() if found is None else found
    if isinstance(value, dict):
        for key, item in value.items():
            found.add(key)
            _json_keys(item, found)
    elif isinstance(value, list):
        for item in value:
            _json_keys(item, found)
    return found


def personal_field_names() -> set[str]:
    """The personal fields the plugins declare, less the words public records also use."""
    from participation.core.apps import plugins

    names = {name for plugin in plugins() for _model, fields in plugin.get_personal_data_models() for name in fields}
    # Words public records use too: categories, plans and associations have a name (a person's
    # only comes out as ``public_name``/``agent``, with consent), a suggestion or an action a
    # neighbourhood, a meeting an address, an association its activity, a plan's update a photo
    # and a document. The values of the citizens' fields are looked for instead (Records.personal).
    public_words = {"name", "activity", "neighbourhood", "address", "association", "association_name", "photo", "document"}
    return (names - public_words) | {"access_token"}


@pytest.mark.parametrize("endpoint", _cases("api"))
def test_the_api_serves_no_personal_data_and_no_other_communes_records(endpoint, world, db):
    rule = classify(endpoint)
    kwargs, watched = world.fill(endpoint, rule)
    url = _url(endpoint, kwargs)
    by_id = bool(watched)
    forbidden = personal_field_names()
    for host in (HOST_A, HOST_B):
        client = world.client("anonymous", host)
        response = client.get(url)
        where = _where(endpoint, f"anonymous@{host}", "GET", url, response)
        assert response.status_code < 500, where
        text = body(response)
        assert not _leaks(text, world.all_personal), f"{where} serves personal data {_leaks(text, world.all_personal)}"
        if response.status_code == 200 and response["Content-Type"].startswith("application/json"):
            keys = _json_keys(json.loads(text))  # the OpenAPI schema's too: its properties are the fields served
            assert not keys & forbidden, f"{where} has personal fields {keys & forbidden}"
        b_records = world.b.markers + world.b.public_markers
        if host == HOST_A:
            assert not _leaks(text, b_records), f"{where}: commune B's records on A's host"
            if by_id:  # (references are numbered per commune: A may have its own SUG-2026-00001)
                assert response.status_code == 404, f"{where}: B's record on A's host"
        elif rule.control:
            assert response.status_code == 200 and _leaks(text, b_records), f"control: {where}"


@pytest.mark.parametrize("endpoint", _cases("public") + _cases("skip"))
def test_public_and_skipped_patterns_say_why_and_answer(endpoint, world, db):
    """Open by design, with a reason; those without parameters answer an anonymous visitor
    without a 500."""
    rule = classify(endpoint)
    assert rule.reason, f"{endpoint}: say why it is public or not walked"
    if rule.kind == "public" and not endpoint.params:
        client = world.client("anonymous", HOST_A)
        url = _url(endpoint, {})
        response = client.get(url)
        assert response.status_code < 500, _where(endpoint, "anonymous", "GET", url, response)



def test_every_admin_link_to_a_record_resolves(world, db):
    """Wagtail links records from its usage screens and reports through each model's admin URL
    finder; a viewset without an edit view must not register one pointing at it (a 500 there)."""
    from django.apps import apps
    from wagtail.admin.admin_url_finder import AdminURLFinder

    finder = AdminURLFinder(get_user_model().objects.get(username="admin"))
    broken = []
    for model in apps.get_models():
        record = model._default_manager.order_by("pk").first()
        if record is None:
            continue
        try:
            finder.get_edit_url(record)
        except NoReverseMatch as error:
            broken.append(f"{model._meta.label}: {error}")
    assert not broken, "\n".join(broken)
