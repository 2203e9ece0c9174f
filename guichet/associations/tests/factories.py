"""Association factories."""

import factory

from guichet.associations.models import Association


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Association

    name_fr = factory.Sequence(lambda n: f"Association Al Amal {n}")
    name_ar = factory.Sequence(lambda n: f"جمعية الأمل {n}")
    registration_number = factory.Sequence(lambda n: f"REG-{n:05d}")
    province = None
    region = factory.LazyAttribute(lambda o: o.province.region)
    address = "12 rue de la Liberté"
    president = "Amina Berrada"
    phone = "+212522123456"
    email = factory.Sequence(lambda n: f"contact{n}@example.ma")
    statutes_file = "ab" + "0" * 30 + ".pdf"
    receipt_file = "cd" + "0" * 30 + ".pdf"
    status = Association.Status.APPROVED
