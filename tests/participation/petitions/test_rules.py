"""The legal rules of petitions (rules.py, LEGAL.md §1) against cases, and the commune's
petition settings (the threshold from the commune's population, the override, bad values)."""
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from participation.petitions import rules
from participation.petitions.models import PetitionSettings

# --- the signature threshold (art. 123) ------------------------------------------------------


@pytest.mark.parametrize(
    ("population", "arrondissements", "override", "expected"),
    [
        (1_000, False, None, 100),
        (34_999, False, None, 100),
        (35_000, False, None, 200),
        (35_001, False, None, 200),
        (3_000_000, False, None, 200),
        (34_999, True, None, 400),  # arrondissements whatever the population
        (3_000_000, True, None, 400),
        (None, True, None, 400),
        (None, False, None, 200),  # unknown population: the stricter number
        (0, False, None, 100),
        (34_999, False, 3, 3),  # the commune's override wins
        (3_000_000, True, 50, 50),
        (None, False, 250, 250),
        (34_999, False, 0, 100),  # 0 is no override
    ],
)
def test_required_signatures(population, arrondissements, override, expected):
    assert rules.required_signatures(population, arrondissements, override=override) == expected


def test_required_signatures_without_override_argument():
    assert rules.required_signatures(28_460, False) == 100
    assert rules.required_signatures(35_000, False) == 200


# --- the CIN ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("AB123456", "AB123456"),
        ("ab123456", "AB123456"),
        (" ab 123 456 ", "AB123456"),
        ("AB-123456", "AB123456"),
        ("a.b_12\t34", "AB1234"),
        ("AB١٢٣٤٥٦", "AB123456"),  # Arabic-Indic digits
        ("K۱۲۳۴۵", "K12345"),  # extended (Persian) digits
        ("bk 12345", "BK12345"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalize_cin(raw, normalised):
    assert rules.normalize_cin(raw) == normalised


@pytest.mark.parametrize("value", ["A123", "AB123456", "bk 12345", "ab-123456", "J١٢٣٤٥٦", "Z1234567", " x 999 "])
def test_valid_cin(value):
    assert rules.is_valid_cin(value)


@pytest.mark.parametrize(
    "value",
    ["123456", "ABC123", "A1", "A12", "AB", "", "   ", None, "AB123456C", "A12345678", "A1B2", "أب123456", "AB12.34é"],
)
def test_invalid_cin(value):
    assert not rules.is_valid_cin(value)


def test_normalize_email():
    assert rules.normalize_email("  Karim.Bennani@Example.MA ") == "karim.bennani@example.ma"
    assert rules.normalize_email(None) == ""


# --- a signatory's eligibility ---------------------------------------------------------------


def test_eligible_resident():
    assert rules.signatory_errors(cin="AB123456", basis="resident", address="حي الأمل") == {}


def test_eligible_activity_with_description():
    errors = rules.signatory_errors(cin="AB123456", basis="activity", address="السوق", activity="بقال")
    assert errors == {}


def test_activity_without_description():
    errors = rules.signatory_errors(cin="AB123456", basis="activity", address="السوق", activity="   ")
    assert set(errors) == {"activity"}


def test_resident_needs_no_activity():
    assert rules.signatory_errors(cin="AB123456", basis="resident", address="حي الأمل", activity="") == {}


@pytest.mark.parametrize("address", ["", "   ", None])
def test_empty_address(address):
    assert set(rules.signatory_errors(cin="AB123456", basis="resident", address=address)) == {"address"}


def test_unknown_basis_and_bad_cin():
    errors = rules.signatory_errors(cin="123456", basis="tourist", address="")
    assert set(errors) == {"cin", "basis", "address"}
    assert all(str(message) for message in errors.values())


# --- associations (art. 124) ----------------------------------------------------------------


def test_association_exactly_three_years_is_not_enough():
    assert not rules.association_old_enough(date(2020, 5, 10), date(2023, 5, 10))


def test_association_one_day_more_than_three_years():
    assert rules.association_old_enough(date(2020, 5, 10), date(2023, 5, 11))


def test_association_younger():
    assert not rules.association_old_enough(date(2022, 1, 1), date(2023, 12, 31))


def test_association_declared_on_29_february():
    # the anniversary of 29 Feb 2020 in 2023 is 28 Feb: more than three years from 1 March
    assert not rules.association_old_enough(date(2020, 2, 29), date(2023, 2, 28))
    assert rules.association_old_enough(date(2020, 2, 29), date(2023, 3, 1))


def test_association_other_number_of_years():
    assert rules.association_old_enough(date(2020, 1, 1), date(2021, 1, 2), years=1)


def test_association_errors_eligible():
    assert rules.association_errors(declared_on=date(2015, 1, 1), today=date(2025, 1, 1), seat_in_commune=True, has_mandate=True) == {}


def test_association_errors_every_condition():
    errors = rules.association_errors(declared_on=None, today=date(2025, 1, 1), seat_in_commune=False, has_mandate=False)
    assert set(errors) == {"association_declared_on", "association_seat_in_commune", "association_mandate"}


def test_association_errors_too_young_and_future():
    young = rules.association_errors(declared_on=date(2023, 6, 1), today=date(2025, 1, 1), seat_in_commune=True, has_mandate=True)
    assert set(young) == {"association_declared_on"}
    assert "113.14" in str(young["association_declared_on"])
    future = rules.association_errors(declared_on=date(2026, 1, 1), today=date(2025, 1, 1), seat_in_commune=True, has_mandate=True)
    assert set(future) == {"association_declared_on"}
    assert str(future["association_declared_on"]) != str(young["association_declared_on"])


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2023, 11, 30), 3, date(2024, 2, 29)),  # leap year
        (date(2025, 8, 31), 3, date(2025, 11, 30)),
        (date(2025, 1, 15), 3, date(2025, 4, 15)),
        (date(2025, 10, 31), 3, date(2026, 1, 31)),  # across the year
        (date(2025, 12, 31), 2, date(2026, 2, 28)),
        (date(2025, 5, 20), 0, date(2025, 5, 20)),
        (date(2025, 3, 1), 12, date(2026, 3, 1)),
        (date(2025, 3, 1), 25, date(2027, 4, 1)),
    ],
)
def test_add_months(day, months, expected):
    assert rules.add_months(day, months) == expected


def test_refusal_deadline():
    assert rules.refusal_deadline(date(2025, 11, 30)) == date(2026, 2, 28)
    assert rules.refusal_deadline(date(2023, 11, 30)) == date(2024, 2, 29)
    assert rules.refusal_deadline(date(2025, 8, 31)) == date(2025, 11, 30)
    assert rules.refusal_deadline(date(2025, 1, 10), months=2) == date(2025, 3, 10)


def test_days_left():
    assert rules.days_left(date(2025, 3, 10), date(2025, 3, 1)) == 9
    assert rules.days_left(date(2025, 3, 10), date(2025, 3, 10)) == 0
    assert rules.days_left(date(2025, 3, 10), date(2025, 3, 12)) == -2
    assert rules.days_left(date(2025, 3, 1), date(2025, 2, 28)) == 1


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (date(2025, 1, 15), date(2025, 2, 1)),
        (date(2025, 2, 1), date(2025, 5, 1)),  # the first day itself is not "after"
        (date(2025, 1, 31), date(2025, 2, 1)),
        (date(2025, 3, 1), date(2025, 5, 1)),
        (date(2025, 6, 30), date(2025, 10, 1)),
        (date(2025, 10, 1), date(2026, 2, 1)),  # into the next year
        (date(2025, 12, 31), date(2026, 2, 1)),
    ],
)
def test_next_ordinary_session(after, expected):
    assert rules.next_ordinary_session(after) == expected


def test_next_ordinary_session_other_months():
    assert rules.next_ordinary_session(date(2025, 7, 1), months=(9, 3)) == date(2025, 9, 1)
    assert rules.next_ordinary_session(date(2025, 9, 15), months=(9, 3)) == date(2026, 3, 1)
    with pytest.raises(ValueError):
        rules.next_ordinary_session(date(2025, 1, 1), months=())


def test_grounds_and_bases_are_labelled():
    assert "other" in rules.InadmissibilityGround.values
    assert set(rules.SignatoryBasis.values) == {"resident", "activity"}


# --- the commune's petition settings -----------------------------------------------------------


@pytest.mark.django_db
def test_settings_threshold_from_the_demo_communes_population(demo):
    settings = PetitionSettings.for_site(demo.site_a)
    settings.signatures_override = None
    settings.save()
    assert PetitionSettings.for_site(demo.site_a).required_signatures() == 100  # 28,460 inhabitants


@pytest.mark.django_db
def test_settings_threshold_follows_the_commune_settings(demo):
    from participation.core.commune import commune_settings

    commune = commune_settings(demo.site_a)
    commune.population = 35_000
    commune.save()
    fresh = PetitionSettings.objects.get_or_create(site=demo.site_a)[0]
    assert fresh.required_signatures() == 200
    commune.has_arrondissements = True
    commune.save()
    assert PetitionSettings.objects.get(site=demo.site_a).required_signatures() == 400


@pytest.mark.django_db
def test_settings_override_wins(demo):
    settings = PetitionSettings.for_site(demo.site_a)
    settings.signatures_override = 3
    settings.save()
    assert PetitionSettings.objects.get(site=demo.site_a).required_signatures() == 3


@pytest.mark.django_db
def test_settings_defaults_are_the_law(demo):
    settings = PetitionSettings.for_site(demo.site_b)
    assert settings.refusal_deadline_months == 3
    assert settings.reminder_day_list == (30, 7, 1)
    assert settings.session_month_list == (2, 5, 10)
    settings.full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("session_months", "2, 13"),
        ("session_months", "0"),
        ("session_months", "feb, may"),
        ("reminder_days", "30; 7"),
        ("reminder_days", "-1"),
        ("refusal_deadline_months", 0),
        ("refusal_deadline_months", 13),
        ("refusal_deadline_months", None),
        ("bureau_email", "not an address"),
    ],
)
def test_bad_settings_values_are_refused(demo, field, value):
    settings = PetitionSettings.for_site(demo.site_b)
    setattr(settings, field, value)
    with pytest.raises(ValidationError) as error:
        settings.full_clean()
    assert field in error.value.message_dict


@pytest.mark.django_db
def test_empty_session_months_fall_back_to_the_law(demo):
    settings = PetitionSettings.for_site(demo.site_b)
    settings.session_months = ""
    assert settings.session_month_list == rules.ORDINARY_SESSION_MONTHS
    settings.session_months = " 3 ,9 "
    assert settings.session_month_list == (3, 9)
