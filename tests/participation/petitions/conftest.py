"""Fixtures of the petition tests: a petitions page in each demo commune, petitions
in any status (built through the service layer, as citizens and staff would),
and valid signatory data."""
import itertools

import pytest

from participation.core import services
from participation.petitions import services as petition_services
from participation.petitions.models import PetitionIndexPage, PetitionSettings

_cins = itertools.count(100001)


def _page(site):
    page = PetitionIndexPage.objects.descendant_of(site.root_page).filter(locale=site.root_page.locale).first()
    if page is None:
        page = PetitionIndexPage(title="العرائض", slug="petitions-test")
        site.root_page.add_child(instance=page)
        page.save_revision().publish()
    return page


@pytest.fixture
def petitions_a(demo):
    return _page(demo.site_a)


@pytest.fixture
def petitions_b(demo):
    return _page(demo.site_b)


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root-petitions", "root@example.ma", "x")


def petition_data(**overrides) -> dict:
    """Valid data for participation.petitions.services.start_petition."""
    data = {
        "kind": "citizens",
        "title": "تهيئة ملعب القرب بحي الأمل",
        "reasons": "لا يتوفر حي الأمل على أي فضاء رياضي للأطفال والشباب رغم كثافته السكانية.",
        "objectives": "تمكين شباب الحي من ممارسة الرياضة في ظروف آمنة.",
        "requested_item": "إدراج نقطة تهيئة ملعب القرب بحي الأمل في جدول أعمال الدورة العادية المقبلة.",
        "name": "كريم بناني",
        "email": "karim@example.ma",
        "phone": "0611111111",
        "agent_cin": "AB123456",
        "agent_address": "زنقة 5، حي الأمل، عين الزيتون",
        "show_name": True,
    }
    return data | overrides


@pytest.fixture
def make_petition(superuser):
    """make_petition(page, status="open", threshold=None, **data): a petition taken
    through the workflow to `status` by a superuser (threshold: the commune override)."""

    def make(page, status="preparation", threshold=None, **data):
        if threshold is not None:
            settings = PetitionSettings.for_site(page.get_site())
            settings.signatures_override = threshold
            settings.save()
        petition = petition_services.start_petition(page, petition_data(**data))
        steps = {
            "open": ["open"],
            "not_opened": ["refuse_opening"],
            "filed": ["open", "file"],
            "admissible": ["open", "file", "admit"],
            "inadmissible": ["open", "file", "declare_inadmissible"],
            "committee": ["open", "file", "admit", "refer"],
            "scheduled": ["open", "file", "admit", "refer", "schedule"],
        }.get(status, [])
        changes = {
            "refuse_opening": {"inadmissibility_grounds": ["powers"], "inadmissibility_reason": "خارج اختصاصات المجلس."},
            "declare_inadmissible": {"inadmissibility_grounds": ["powers"], "inadmissibility_reason": "خارج اختصاصات المجلس."},
            "refer": {"committee": "لجنة المرافق العمومية"},
            "schedule": {"session_date": __import__("datetime").date(2027, 2, 1)},
        }
        for step in steps:
            if step == "file":
                if petition.threshold:  # paper signatures stand in for the online ones
                    petition.paper_signature_count = petition.threshold
                    petition.save(update_fields=["paper_signature_count"])
                petition = services.perform(petition, "file", services.CITIZEN)
            else:
                petition = services.perform(petition, step, superuser, **changes.get(step, {}))
        return petition

    return make


_signer_numbers = itertools.count(1)


def signatory(**overrides):
    """Valid data of one more signatory (a distinct CIN and e-mail each call)."""
    from participation.petitions.services import SignatureData

    n = next(_signer_numbers)
    data = {
        "name": f"موقع رقم {n}",
        "cin": f"K{next(_cins)}",
        "basis": "resident",
        "address": f"درب {n}، عين الزيتون",
        "email": f"signer{n}@example.ma",
    }
    return SignatureData(**(data | overrides))
