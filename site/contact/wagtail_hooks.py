from wagtail import hooks

from contact import personal_data


@hooks.register("register_personal_data_source")
def contact_messages():
    return personal_data.source()
