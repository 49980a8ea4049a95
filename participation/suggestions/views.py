"""Routes of the suggestions box page (mixed into SuggestionBoxPage)."""


class SuggestionBoxRoutes:
    def route_path(self, name: str, *args) -> str:
        """Path (without scheme and host) of one of the page's routes, for links in e-mails."""
        return self.get_url_parts()[2] + self.reverse_subpage(name, args=args)
