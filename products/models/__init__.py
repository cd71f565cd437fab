from products.models.classification import ProductCategory, ProductSet
from products.models.dossier import Document
from products.models.producers import Producer
from products.models.records import BusinessPlan, CodeCounter, Product, ProductTransition

__all__ = [
    "BusinessPlan",
    "CodeCounter",
    "Document",
    "Producer",
    "Product",
    "ProductCategory",
    "ProductSet",
    "ProductTransition",
]
