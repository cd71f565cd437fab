from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PortalLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the person chose otherwise with the language switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show English to the
    many officials whose browser or phone is set to English. Here only the choice made on the portal
    (the language cookie) counts; without one, LANGUAGE_CODE applies.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
