"""Demo images look deliberate: every letter of their labels is drawn, focal points set."""

import pytest
from fontTools.ttLib import TTFont

from website.demo import content, images


def test_the_font_draws_every_letter_of_every_label():
    cmap = TTFont(images.FONT_BOLD).getBestCmap()
    labels = [recipe.label for recipe in content.IMAGES.values()]
    assert any(ch in "éë→·" for label in labels for ch in label)  # the hard cases are there
    missing = {ch for label in labels for ch in label if ord(ch) not in cmap}
    assert missing == set()


@pytest.mark.django_db
def test_demo_images_have_a_focal_point_on_their_shapes():
    from wagtail.models import Collection

    recipe = next(iter(content.IMAGES.values()))
    image, created = images.get_or_create_image(recipe, Collection.get_first_root_node())
    assert created
    assert image.has_focal_point()
    rect = image.get_focal_point()
    # The shapes, not the label in the bottom-left corner.
    assert rect.bottom < image.height - 100 and rect.left > 100
