import factory
from django.core.files.base import ContentFile

from org.tests.factories import CommuneFactory, UserFactory
from products import services
from products.demo import demo_pdf
from products.enums import DocumentKind, LegalForm, RegistrationKind
from products.models import Producer, Product, ProductSet


class ProducerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Producer

    name = factory.Sequence(lambda n: f"Hợp tác xã số {n}")
    legal_form = LegalForm.COOPERATIVE
    registration_number = factory.Sequence(lambda n: f"63{n:08d}")
    representative = "Nguyễn Văn Đại"
    phone = "0912345678"
    commune = factory.SubFactory(CommuneFactory)
    hamlet = "Ấp 1"


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    kind = RegistrationKind.NEW_IDEA
    name = factory.Sequence(lambda n: f"Trà mãng cầu số {n}")
    producer = factory.SubFactory(ProducerFactory)
    commune = factory.SelfAttribute("producer.commune")
    product_set = factory.LazyFunction(lambda: ProductSet.objects.get(number=13))
    created_by = factory.SubFactory(UserFactory)


def pdf_upload(name="phieu-dang-ky.pdf", title="Phieu dang ky"):
    return ContentFile(demo_pdf(title), name=name)


def add_document(product, user, kind=DocumentKind.REGISTRATION_FORM, **dates):
    return services.add_document(product, user=user, kind=kind, upload=pdf_upload(f"{kind}.pdf"), **dates)


def page_of(client, url):
    """The page's HTML, after checking it answered 200."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def form_values(response):
    """What the page's form would post as it stands: its initial values, or the values typed in a bound form
    (including the hidden version an edit form carries)."""
    values = {}
    for bound in response.context["form"]:
        value = bound.value()
        if value is not None:
            values[bound.html_name] = value
    return values


def loaded_version(client, url):
    """The version an edit page hands out (products.versions): what a browser would post back."""
    return form_values(client.get(url))["version"]
