"""What every factory shares."""

import factory


class Factory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True
        skip_postgeneration_save = True  # post-generation hooks save what they change
