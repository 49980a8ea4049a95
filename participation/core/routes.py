"""What every plugin page's routes share (mixed into a RoutablePageMixin page):
links to its sub-routes, the commune it belongs to, rendering a route's template, and
the answers of every private link (participation.core.private_links)."""
from wagtail.models import Locale, Site

from participation.core import private_links


class PluginPageRoutes:
    """Set ``templates`` to the plugin's template folder, e.g. "participation_petitions/"."""

    templates = ""

    def canonical(self):
        """The page in the site's main language, which citizens' records belong to (itself
        when it is, or when it has no original): a translation shows the same meeting or
        consultation in another language, it does not start a second one."""
        default = Locale.get_default()
        if self.locale_id == default.pk:
            return self
        original = type(self).objects.filter(translation_key=self.translation_key, locale=default).first()
        return original or self

    def route_path(self, name: str, *args) -> str:
        """Path (without scheme and host) of one of the page's routes, for links in e-mails."""
        return self.get_url_parts()[2] + self.reverse_subpage(name, args=args)

    def commune_site(self, request):
        """The commune (Wagtail Site) this page belongs to. Usually the request's own Site,
        which Wagtail caches on the request; another one only in an admin preview."""
        site = getattr(self, "_commune_site", None)
        if site is None:
            parts = self.get_url_parts(request)
            current = Site.find_for_request(request)
            site = current if current is not None and parts and parts[0] == current.pk else self.get_site()
            self._commune_site = site
        return site

    def render_route(self, request, template: str, status: int = 200, **context):
        from participation.core.commune import commune_settings

        context.setdefault("commune", commune_settings(self.commune_site(request), request))
        response = self.render(request, template=self.templates + template, context_overrides=context)
        response.status_code = status
        return response

    def serve(self, request, *args, **kwargs):
        """A private link the citizen asked to renew, or one that has expired, is answered
        here for every route that looked its record up with `private_record()`."""
        try:
            return super().serve(request, *args, **kwargs)
        except private_links.RenewalAsked as asked:
            if private_links.renew(asked.record):
                return self.render_private_link(request, asked.record, "sent")
            return self.render_private_link(request, asked.record, "expired", status=410)
        except private_links.LinkExpired as expired:
            return self.render_private_link(request, expired.record, "expired", status=410)
        except private_links.LinkReplaced:
            return self.render_private_link(request, None, "replaced", status=410)

    def private_record(self, request, queryset, token: str):
        """The record whose private link this is (see participation.core.private_links.find)."""
        return private_links.find(queryset, token, request)

    def render_private_link(self, request, record, state: str, status: int = 200):
        from participation.core.commune import commune_settings
        from participation.core.views import private_response

        context = {
            "commune": commune_settings(self.commune_site(request), request),
            "state": state,
            "record": record,
            "can_renew": record is not None and private_links.can_renew(record),
            "renew_field": private_links.RENEW_FIELD,
            "lifetime_days": private_links.lifetime().days,
        }
        response = self.render(request, template="participation_core/private_link.html", context_overrides=context)
        response.status_code = status
        return private_response(response)
