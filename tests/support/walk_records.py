"""Records of one commune for tests/site/test_access_walk.py: one of each kind an admin,
export, API or private URL can point at, made on demand through the plugins' own
services, each carrying a marker (``walk<commune><n>x``) in a field its listings and
exports show, and personal data that must never come out where it should not.

``Records(site, key).get(what)`` makes a record the first time it is asked for and returns
the same one after (the walk asks for every one before its first test, so that none is made
inside a test's savepoint and rolled back behind the cache). The markers and personal values
of everything made are kept, so a check can say "none of commune B's records appear here"
without knowing which view shows which field."""
from __future__ import annotations

import datetime
import io
import itertools

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.models import Collection, GroupCollectionPermission, Revision

_numbers = itertools.count(1)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def jpeg() -> bytes:
    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(output, "JPEG")
    return output.getvalue()


def superuser():
    return get_user_model().objects.filter(is_superuser=True).order_by("pk").first()


class Records:
    """The walk's records of one commune (a Wagtail Site), made on first use."""

    def __init__(self, site, key: str):
        self.site, self.key = site, key
        self._made: dict = {}
        #: every marker of this commune's records (see marker()), and the personal values they hold
        self.markers: list[str] = []
        self.public_markers: list[str] = []
        self.personal: list[str] = []
        #: public texts some checks look for: the commune's name, its contact page's title
        self.labels: dict[str, str] = {"site": site.site_name}

    # --- helpers -------------------------------------------------------------------------

    def marker(self, public=False) -> str:
        """A unique text for a record; `public` when the record is shown on the commune's site
        (a live page's title, a published suggestion): other communes' staff may come across
        those in Wagtail's page chooser, never in a listing of records."""
        marker = f"walk{self.key}{next(_numbers)}x"
        (self.public_markers if public else self.markers).append(marker)
        return marker

    def person(self) -> dict:
        """Contact data made for this record only, so that finding it anywhere is a leak."""
        n = next(_numbers)
        data = {
            "name": f"مواطن walkname{self.key}{n}x",
            "email": f"walkmail{self.key}{n}@example.ma",
            "phone": f"06{70000000 + n}",
        }
        self.personal += [data["name"], data["email"], data["phone"]]
        return data

    def once(self, key, make):
        if key not in self._made:
            self._made[key] = make()
        return self._made[key]

    def page_of(self, model, make=None):
        """The commune's live page of `model` in its main language, made when missing."""
        root = self.site.root_page
        page = model.objects.live().descendant_of(root).filter(locale=root.locale).first()
        if page is None and make is not None:
            page = make()
        return page

    def add_page(self, parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        return type(page).objects.get(pk=page.pk)

    def get(self, what):
        """The record for `what`: a model class or a name of the methods below."""
        name = (what if isinstance(what, str) else what._meta.label_lower).replace(".", "__")
        method = getattr(self, name, None)
        if method is None:
            raise LookupError(f"tests/support/walk_records.py makes no {name}: add a method for it")
        return self.once(name, method)

    # --- pages ---------------------------------------------------------------------------

    def home(self):
        return self.site.root_page.specific

    def page(self):
        """A live standard page of the commune, with a newer draft revision (its title is public:
        not a marker)."""
        from pages.models import StandardPage

        n = next(_numbers)
        page = self.add_page(self.site.root_page, StandardPage(title=f"صفحة {self.key}{n}", slug=f"walk-{self.key}{n}"))
        page.save_revision(user=superuser())
        return page

    def draft_page(self):
        """A page never published, locked by its commune's editor: only its commune's staff may
        see it."""
        from pages.models import StandardPage

        page = StandardPage(title=f"مسودة {self.marker()}", slug=f"walk-draft-{next(_numbers)}", live=False)
        self.site.root_page.add_child(instance=page)
        page.save_revision(user=superuser())
        self.lock(page)
        return page

    def lock(self, page):
        type(page).objects.filter(pk=page.pk).update(locked=True, locked_by=self.staff("editor"), locked_at=timezone.now())
        page.refresh_from_db()

    def revision(self):
        return Revision.page_revisions.filter(object_id=str(self.get("page").pk)).order_by("-pk").first()

    def workflow_state(self):
        """The commune's draft page submitted to moderation (the demo's workflow)."""
        from wagtail.models import Workflow

        page = self.get("draft_page")
        workflow = Workflow.objects.filter(active=True).first()
        if workflow is None:
            raise LookupError("the demo has no active workflow")
        page.save_revision(user=superuser())
        state = workflow.start(page, superuser())
        self.lock(page)  # starting the moderation saved the page as it was loaded
        return state

    def translation_source(self):
        from wagtail_localize.models import TranslationSource

        return TranslationSource.get_or_create_from_instance(self.get("page"))[0]

    def translation(self):
        from wagtail.models import Locale
        from wagtail_localize.models import Translation

        french = Locale.objects.get(language_code="fr")
        translation = Translation.objects.get_or_create(source=self.get("translation_source"), target_locale=french)[0]
        translation.save_target(user=superuser(), publish=False)
        return translation

    def string_segment(self):
        from wagtail_localize.models import StringSegment

        return StringSegment.objects.filter(source=self.get("translation_source")).order_by("order").first()

    def contact_page(self):
        """The commune's contact form, its title made unique (the admin's list of forms shows it)."""
        from contact.models import ContactPage

        page = self.page_of(ContactPage)
        page.title = f"{page.title} {self.key}{next(_numbers)}"
        page.save(update_fields=["title", "draft_title"])
        self.labels["contact"] = page.title
        return page

    def form_submission(self):
        from wagtail.contrib.forms.models import FormSubmission

        page = self.get("contact_page")
        return FormSubmission.objects.create(page=page, form_data={"message": self.marker(), **self.person()})

    # --- media, settings, accounts -----------------------------------------------------------

    def collection(self):
        """The commune's collection: the one its groups hold permissions on."""
        group_ids = self.staff_groups().values_list("pk", flat=True)
        collection_id = (
            GroupCollectionPermission.objects.filter(group_id__in=group_ids).values_list("collection_id", flat=True).first()
        )
        return Collection.objects.get(pk=collection_id)

    def staff_groups(self):
        from django.contrib.auth.models import Group

        return Group.objects.filter(user__username__startswith=f"{self.key}_").distinct()

    def wagtailimages__image(self):
        from wagtail.images import get_image_model
        from wagtail.images.tests.utils import get_test_image_file

        image = get_image_model()(title=self.marker(), file=get_test_image_file(), collection=self.get("collection"))
        image.save()
        return image

    def wagtaildocs__document(self):
        from wagtail.documents import get_document_model

        document = get_document_model()(title=self.marker(), collection=self.get("collection"))
        document.file.save("walk.pdf", ContentFile(PDF), save=True)
        return document

    def wagtailcore__uploadedfile(self):
        from django.contrib.contenttypes.models import ContentType
        from wagtail.images import get_image_model
        from wagtail.models import UploadedFile

        return UploadedFile.objects.create(
            for_content_type=ContentType.objects.get_for_model(get_image_model()), file=ContentFile(jpeg(), name="w.jpg"),
            uploaded_by_user=self.staff("editor"),
        )

    def staff(self, role):
        return get_user_model().objects.get(username=f"{self.key}_{role}")

    def group(self):
        return self.staff_groups().order_by("pk").first()

    def wagtailredirects__redirect(self):
        from wagtail.contrib.redirects.models import Redirect

        return Redirect.objects.create(site=self.site, old_path=f"/{self.marker()}", redirect_link="https://example.ma/")

    def editing_session(self):
        from wagtail.admin.models import EditingSession

        page = self.get("page")
        return EditingSession.objects.create(
            user=self.staff("editor"), content_type=page.content_type, object_id=str(page.pk), last_seen_at=timezone.now()
        )

    # --- the core's per-commune data ----------------------------------------------------------

    def participation_core__department(self):
        from participation.core.models import Department

        return Department.objects.create(site=self.site, name=self.marker(), email=f"{self.marker()}@example.ma")

    def participation_core__holidayoverride(self):
        from participation.core.calendar import islamic_holiday_start
        from participation.core.models import HolidayOverride

        return HolidayOverride.objects.create(
            site=self.site, holiday="mawlid", hijri_year=1460, first_day=islamic_holiday_start("mawlid", 1460),
        )

    def participation_core__closureday(self):
        from participation.core.models import ClosureDay

        return ClosureDay.objects.create(site=self.site, day=datetime.date(2031, 1, 2), label=self.marker())

    def participation_core__personaldataaccess(self):
        from participation.core.models import PersonalDataAccess

        return PersonalDataAccess.objects.create(
            site=self.site, username=f"{self.key}_participation", action="view", record=self.marker()
        )

    # --- suggestions ----------------------------------------------------------------------------

    def participation_suggestions__suggestionboxpage(self):
        from participation.suggestions.models import SuggestionBoxPage

        return self.page_of(SuggestionBoxPage, lambda: self.add_page(
            self.site.root_page, SuggestionBoxPage(title="فضاء الاقتراحات", slug=f"walk-suggestions-{next(_numbers)}")))

    def participation_suggestions__suggestioncategory(self):
        from participation.suggestions.models import SuggestionCategory

        return SuggestionCategory.objects.create(site=self.site, name=self.marker(public=True), locale=self.site.root_page.locale)

    def participation_suggestions__suggestion(self):
        """A published suggestion with a photo."""
        from participation.suggestions.models import Suggestion
        from participation.suggestions.services import submit_suggestion

        data = {
            "kind": "suggestion", "category": self.get("participation_suggestions.suggestioncategory"),
            "title": f"اقتراح {self.marker(public=True)}", "text": "نص الاقتراح للاختبار الشامل للصلاحيات.",
            "neighbourhood": "حي الاختبار", **self.person(),
        }
        record = submit_suggestion(self.get("participation_suggestions.suggestionboxpage"), data, ip=self.ip(), language="ar")
        record.photo.save("walk.jpg", ContentFile(jpeg()), save=False)
        record.is_public = True
        record.save(update_fields=["photo", "is_public"])
        self.personal += [record.access_token, record.photo.name]
        return Suggestion.objects.get(pk=record.pk)

    def participation_suggestions__suggestionsupport(self):
        from participation.suggestions import services

        email = self.person()["email"]
        return services.request_support(self.get("participation_suggestions.suggestion"), email)

    def participation_suggestions__suggestionnote(self):
        from participation.suggestions.models import SuggestionNote

        return SuggestionNote.objects.create(suggestion=self.get("participation_suggestions.suggestion"), text=self.marker())

    def ip(self) -> str:
        """The address a record is sent from (TEST-NET-2: no real one)."""
        ip = f"198.51.100.{next(_numbers) % 250 + 1}"
        self.personal.append(ip)
        return ip

    # --- petitions ------------------------------------------------------------------------------

    def participation_petitions__petitionindexpage(self):
        from participation.petitions.models import PetitionIndexPage

        return self.page_of(PetitionIndexPage, lambda: self.add_page(
            self.site.root_page, PetitionIndexPage(title="العرائض", slug=f"walk-petitions-{next(_numbers)}")))

    def participation_petitions__petition(self):
        """An open, public petition with a scan, a signature and a low threshold."""
        from participation.core import services
        from participation.petitions import services as petition_services
        from participation.petitions.models import Petition

        n = next(_numbers)
        person = self.person()
        data = {
            "kind": "citizens", "title": f"عريضة {self.marker(public=True)}",
            "reasons": "أسباب العريضة للاختبار الشامل للصلاحيات في الجماعة.",
            "objectives": "أهداف العريضة للاختبار.", "requested_item": "إدراج نقطة في جدول أعمال الدورة المقبلة.",
            **person, "agent_cin": f"WK{100000 + n}", "agent_address": f"عنوان walkaddr{self.key}{n}x", "show_name": False,
        }
        self.personal += [data["agent_cin"], data["agent_address"]]
        petition = petition_services.start_petition(self.get("participation_petitions.petitionindexpage"), data, ip=self.ip())
        petition = services.perform(petition, "open", superuser())
        petition.scan.save("scan.pdf", ContentFile(PDF), save=False)
        petition.is_public = True
        petition.save(update_fields=["scan", "is_public"])
        self.personal += [petition.access_token, petition.scan.name]
        return Petition.objects.get(pk=petition.pk)

    def participation_petitions__signature(self):
        from participation.petitions import services
        from participation.petitions.services import SignatureData

        n = next(_numbers)
        person = self.person()
        data = SignatureData(name=person["name"], cin=f"WS{200000 + n}", basis="resident",
                             address=f"درب walksig{self.key}{n}x", email=person["email"])
        self.personal += [data.cin, data.address]
        return services.sign(self.get("participation_petitions.petition"), data, ip=self.ip())

    # --- information ----------------------------------------------------------------------------

    def participation_information__informationrequestpage(self):
        from participation.information.models import InformationRequestPage

        return self.page_of(InformationRequestPage, lambda: self.add_page(
            self.site.root_page, InformationRequestPage(title="الحصول على المعلومات", slug=f"walk-info-{next(_numbers)}")))

    def participation_information__informationrequest(self):
        """A request answered with a file, public in the register."""
        from participation.core import services
        from participation.information import services as information_services
        from participation.information.models import InformationRequest

        n = next(_numbers)
        data = {
            **self.person(), "address": f"زنقة walkaddr{self.key}{n}x", "id_number": f"WI{300000 + n}",
            "subject": f"طلب {self.marker(public=True)}",
            "information_requested": "أطلب نسخة من وثيقة للاختبار الشامل للصلاحيات.",
            "delivery_form": "electronic", "urgent": False, "register_opt_out": False,
        }
        self.personal += [data["address"], data["id_number"]]
        record = information_services.submit_request(self.get("participation_information.informationrequestpage"), data,
                                                     ip=self.ip())
        admin = superuser()
        record = services.perform(record, "take", admin)
        upload = ContentFile(PDF, name="answer.pdf")
        information_services.add_answer_file(record, f"ملف {self.marker(public=True)}", upload, admin)
        record = services.perform(InformationRequest.objects.get(pk=record.pk), "answer", admin,
                                  public_answer=f"جواب {self.marker(public=True)}")
        InformationRequest.objects.filter(pk=record.pk).update(is_public=True)
        self.personal.append(record.access_token)
        return InformationRequest.objects.get(pk=record.pk)

    def participation_information__answerfile(self):
        return self.get("participation_information.informationrequest").files.order_by("pk").first()

    # --- consultations ----------------------------------------------------------------------------

    def participation_consultations__consultationindexpage(self):
        from participation.consultations.models import ConsultationIndexPage

        return self.page_of(ConsultationIndexPage, lambda: self.add_page(
            self.site.root_page, ConsultationIndexPage(title="التشاور العمومي", slug=f"walk-consult-{next(_numbers)}")))

    def participation_consultations__consultationpage(self):
        from tests.participation.consultations.conftest import make_consultation

        page = make_consultation(self.site)
        page.title = f"تشاور {self.marker(public=True)}"
        page.save_revision().publish()
        return type(page).objects.get(pk=page.pk)

    def participation_consultations__response(self):
        from participation.consultations import services
        from tests.participation.consultations.conftest import valid_answers

        page = self.get("participation_consultations.consultationpage")
        email = self.person()["email"]
        response = services.submit_response(page, services.ResponseData(email=email, answers=valid_answers(page)), ip=self.ip())
        self.personal.append(response.access_token)
        return response

    def participation_consultations__sectioncomment(self):
        from participation.consultations import services
        from participation.consultations.models import SectionComment

        page = self.get("participation_consultations.consultationpage")
        person = self.person()
        self.personal.remove(person["name"])  # "Shown with your comment once it is published" (the form says)
        comment = services.post_comment(page, page.sections[0][0],
                                        services.CommentData(person["name"], person["email"], f"تعليق {self.marker(public=True)}"))
        services.confirm_comment(comment)
        SectionComment.objects.filter(pk=comment.pk).update(is_public=True)  # approved: shown on the page
        return SectionComment.objects.get(pk=comment.pk)

    # --- meetings -------------------------------------------------------------------------------

    def participation_meetings__meetingindexpage(self):
        from tests.participation.meetings.conftest import index_of

        return index_of(self.site)

    def participation_meetings__meetingpage(self):
        from tests.participation.meetings.conftest import make_meeting

        return make_meeting(self.get("participation_meetings.meetingindexpage"), title=f"لقاء {self.marker(public=True)}")

    def participation_meetings__registration(self):
        from participation.meetings import services

        data = {**self.person(), "gender": "woman", "association": ""}
        registration = services.register(self.get("participation_meetings.meetingpage"), data, ip=self.ip())
        self.personal.append(registration.access_token)
        return registration

    # --- charter --------------------------------------------------------------------------------

    def participation_charter__charterpage(self):
        from tests.participation.charter.conftest import charter_of

        return charter_of(self.site)

    def participation_charter__adhesion(self):
        """An association's adhesion with its statutes, confirmed by e-mail."""
        from participation.charter import services
        from participation.charter.models import Adhesion
        from tests.participation.charter.conftest import association_data

        n = next(_numbers) + 7000
        person = self.person()
        data = association_data(n, association_name=f"جمعية {self.marker()}", **person)
        adhesion = services.join(self.get("participation_charter.charterpage"), "association", data, ip=self.ip())
        services.confirm(adhesion)
        adhesion = Adhesion.objects.get(pk=adhesion.pk)
        self.personal += [adhesion.access_token, adhesion.document.name]
        return adhesion

    def participation_charter__indicator(self):
        from participation.charter.models import Indicator

        return Indicator.objects.create(site=self.site, name=self.marker(public=True))

    # --- action plan ----------------------------------------------------------------------------

    def participation_action_plan__actionplanpage(self):
        from tests.participation.action_plan.conftest import make_plan

        return make_plan(self.site, title=f"خطة {self.marker(public=True)}")

    def participation_action_plan__axis(self):
        from tests.participation.action_plan.conftest import make_axis

        return make_axis(self.get("participation_action_plan.actionplanpage"), code="W1", title=self.marker(public=True))

    def participation_action_plan__action(self):
        from tests.participation.action_plan.conftest import make_action

        return make_action(self.get("participation_action_plan.axis"), title=self.marker(public=True))

    def participation_action_plan__actionindicator(self):
        from participation.action_plan.models import ActionIndicator

        action = self.get("participation_action_plan.action")
        return ActionIndicator.objects.create(action=action, site_id=action.site_id, name=self.marker(public=True))

    # --- news -------------------------------------------------------------------------------------

    def news__newsindexpage(self):
        from news.models import NewsIndexPage

        return self.page_of(NewsIndexPage, lambda: self.add_page(
            self.site.root_page, NewsIndexPage(title="الأخبار", slug=f"walk-news-{next(_numbers)}")))

