"""Artisan photos: refused when they are not what they claim, stored re-encoded without metadata, with a thumbnail.

Every file is made here with Pillow (or by hand, where Pillow would refuse to write it) and most are
uploaded through the real admin change form.
"""

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.forms import modelform_factory
from django.urls import reverse
from django.utils import translation
from PIL import ExifTags, Image, ImageCms

from registry.images import MAX_PHOTO_BYTES, THUMBNAIL_SIZE
from registry.models import Artisan
from tests.admin_helpers import form_data, url
from tests.exhibitions.test_artisan_views import LIST_OPTIONS, TOTALS_COUNT
from tests.factories import ArtisanFactory
from tests.query_counts import queries

pytestmark = pytest.mark.django_db

REFUSED = {
    "photo_format": (
        "Upload a JPEG, PNG or WebP photo. This file is none of these: it is another kind of image "
        "(such as GIF, HEIC or TIFF) or not an image at all."
    ),
    "photo_damaged": (
        "This photo could not be read: the file is damaged or incomplete. Copy or export it again, "
        "then upload the new file."
    ),
    "photo_too_many_pixels": "This photo has more than 40 megapixels. Make it smaller, then upload it again.",
    "photo_animated": "Animated images are not accepted. Upload a still photo.",
}
STORED_NAME = re.compile(r"artisans/\d{4}/(?P<stem>[0-9a-f]{32})\.(?P<extension>jpg|png|webp)")


# Files


def encoded(image: Image.Image, image_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def photo(size=(400, 300), color="red", image_format="JPEG", mode="RGB", **options) -> bytes:
    return encoded(Image.new(mode, size, color), image_format, **options)


def animated(image_format: str) -> bytes:
    frames = [Image.new("RGB", (40, 30), color) for color in ("red", "blue")]
    return encoded(frames[0], image_format, save_all=True, append_images=frames[1:])


def noise_jpeg() -> bytes:
    # Noise does not compress, so half of the file is half of the pixels.
    return encoded(Image.effect_noise((400, 300), 60).convert("RGB"), "JPEG")


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` × ``height`` RGB pixels and carries the data of a few rows only."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
        + chunk(b"IEND", b"")
    )


def zip_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.html", "<script>alert(document.cookie)</script>")
    return buffer.getvalue()


def gps_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (33.0, 38.0, 12.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (46.0, 25.0, 20.0),
    }
    return exif


def stored_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def opened(field_file) -> Image.Image:
    with field_file.open("rb"):
        image = Image.open(io.BytesIO(field_file.read()))
    image.load()
    return image


# The admin change form


def change_photo(admin_client, artisan: Artisan, content: bytes | None, name="photo.jpg", **data):
    page = admin_client.get(url("registry_artisan", "change", artisan.pk))
    # The form as the browser would send it back (its version included), with the changes asked for.
    fields = form_data(page) | data
    if content is not None:
        fields["photo"] = SimpleUploadedFile(name, content, content_type="image/jpeg")
    return admin_client.post(url("registry_artisan", "change", artisan.pk), fields)


def photo_errors(response) -> list[str]:
    assert response.status_code == 200, "the form was accepted"
    return response.context["adminform"].form.errors["photo"]


def upload(admin_client, content: bytes, name="photo.jpg") -> Artisan:
    artisan = ArtisanFactory()
    response = change_photo(admin_client, artisan, content, name=name)
    assert response.status_code == 302, response.context["adminform"].form.errors
    artisan.refresh_from_db()
    return artisan


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        pytest.param(photo(image_format="GIF"), "photo.gif", "photo_format", id="gif"),
        pytest.param(photo(image_format="BMP"), "photo.bmp", "photo_format", id="bmp"),
        pytest.param(photo(image_format="TIFF"), "photo.tif", "photo_format", id="tiff"),
        pytest.param(photo(image_format="GIF"), "photo.jpg", "photo_format", id="gif-named-jpg"),
        pytest.param(
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "photo.jpg",
            "photo_format",
            id="svg-named-jpg",
        ),
        pytest.param(b"<!DOCTYPE html><script>alert(1)</script>", "photo.jpg", "photo_format", id="html-named-jpg"),
        pytest.param(b"\xff\xd8\xff\xe0 then text", "photo.jpg", "photo_damaged", id="jpeg-signature-then-text"),
        pytest.param(noise_jpeg()[:8000], "photo.jpg", "photo_damaged", id="truncated-jpeg"),
        pytest.param(photo(image_format="PNG")[:-40], "photo.png", "photo_damaged", id="truncated-png"),
        pytest.param(animated("PNG"), "photo.png", "photo_animated", id="animated-png"),
        pytest.param(animated("WEBP"), "photo.webp", "photo_animated", id="animated-webp"),
        # No pixel data behind these headers: decoding would fail as damaged, so refusing them for
        # their size shows the size was checked first.
        pytest.param(png_header(8000, 5200), "photo.png", "photo_too_many_pixels", id="41-megapixel-header"),
        pytest.param(png_header(10000, 10000), "photo.png", "photo_too_many_pixels", id="100-megapixel-header"),
        pytest.param(png_header(6000, 6500), "photo.png", "photo_damaged", id="39-megapixel-header"),
    ],
)
def test_admin_refuses_a_bad_photo_and_saves_nothing(admin_client, content, name, code, recwarn):
    artisan = ArtisanFactory(name_latin="Unchanged")

    response = change_photo(admin_client, artisan, content, name=name, name_latin="Changed")

    assert photo_errors(response) == [REFUSED[code]]
    artisan.refresh_from_db()
    assert (artisan.name_latin, artisan.photo.name, artisan.photo_thumbnail.name) == ("Unchanged", "", "")
    assert stored_files() == []


def test_pillow_warns_of_a_header_above_the_limit_and_the_photo_is_refused(admin_client):
    with pytest.warns(Image.DecompressionBombWarning):
        response = change_photo(admin_client, ArtisanFactory(), png_header(8000, 5200), name="photo.png")

    assert photo_errors(response) == [REFUSED["photo_too_many_pixels"]]


def test_admin_refuses_a_file_over_10_mb_even_when_it_is_a_valid_jpeg(admin_client):
    content = photo()
    content += b"\0" * (MAX_PHOTO_BYTES + 1 - len(content))

    response = change_photo(admin_client, ArtisanFactory(), content)

    assert photo_errors(response) == ["This file is 10.0\xa0MB; a photo may be at most 10.0\xa0MB."]
    assert stored_files() == []


def test_photo_errors_are_translated():
    # The admin is served in English; the messages are translated for forms on the public pages.
    form_class = modelform_factory(Artisan, fields=["photo"])
    form = form_class(files={"photo": SimpleUploadedFile("photo.gif", photo(image_format="GIF"))})

    with translation.override("fa"):
        errors = list(form.errors["photo"])

    assert errors == [
        "یک عکس JPEG، PNG یا WebP بارگذاری کنید. این پرونده هیچ‌کدام از این‌ها نیست: "
        "نوع دیگری از تصویر (مانند GIF، HEIC یا TIFF) است یا اصلاً تصویر نیست."
    ]


def test_admin_photo_input_accepts_only_the_three_formats(admin_client):
    response = admin_client.get(url("registry_artisan", "change", ArtisanFactory().pk))

    assert 'accept="image/jpeg,image/png,image/webp"' in response.content.decode()


# What is stored


@pytest.mark.parametrize(
    ("content", "name", "stored_format", "extension"),
    [
        pytest.param(photo(), "photo.jpg", "JPEG", "jpg", id="jpeg"),
        pytest.param(photo(image_format="PNG"), "photo.png", "PNG", "png", id="png"),
        pytest.param(photo(image_format="WEBP"), "photo.webp", "WEBP", "webp", id="webp"),
        pytest.param(photo(image_format="PNG"), "photo.jpg", "PNG", "png", id="png-named-jpg"),
        pytest.param(photo(image_format="JPEG"), "photo.png.exe", "JPEG", "jpg", id="jpeg-named-exe"),
    ],
)
def test_admin_stores_the_photo_under_a_random_name_with_its_real_extension(
    admin_client, content, name, stored_format, extension
):
    artisan = upload(admin_client, content, name=name)

    match = STORED_NAME.fullmatch(artisan.photo.name)
    assert match["extension"] == extension
    assert opened(artisan.photo).format == stored_format
    assert artisan.photo_thumbnail.name == artisan.photo.name.replace(
        f"/{match['stem']}.{extension}", f"/thumbnails/{match['stem']}.webp"
    )
    assert stored_files() == sorted([artisan.photo.name, artisan.photo_thumbnail.name])


def test_stored_photo_has_no_exif_gps_xmp_comment_or_colour_profile(admin_client):
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>taken at home</rdf:Description></x:xmpmeta>'
    content = photo(exif=gps_exif(), icc_profile=profile, comment=b"taken at home", xmp=xmp)
    uploaded = Image.open(io.BytesIO(content))
    assert uploaded.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert {"exif", "xmp", "icc_profile", "comment"} <= set(uploaded.info)

    artisan = upload(admin_client, content)

    stored = opened(artisan.photo)
    assert dict(stored.getexif()) == {}
    assert not {"exif", "xmp", "icc_profile", "comment", "dpi"} & set(stored.info)
    with artisan.photo.open("rb"):
        raw = artisan.photo.read()
    assert b"Exif" not in raw
    assert b"PhoneMaker" not in raw
    assert b"taken at home" not in raw


def test_stored_photo_is_turned_upright_by_its_exif_orientation(admin_client):
    # Stored on its side: the camera's orientation 6 says to turn it a quarter clockwise, red end up.
    sideways = Image.new("RGB", (300, 100), "blue")
    sideways.paste("red", (0, 0, 100, 100))

    artisan = upload(admin_client, encoded(sideways, "JPEG", exif=gps_exif(orientation=6)))

    stored = opened(artisan.photo)
    assert stored.size == (100, 300)
    assert stored.getpixel((50, 20))[0] > 200
    assert stored.getpixel((50, 280))[2] > 200


@pytest.mark.parametrize(("orientation", "size"), [(1, (2000, 800)), (6, (800, 2000))])
def test_stored_photo_is_at_most_2000_pixels_long(admin_client, orientation, size):
    artisan = upload(admin_client, photo(size=(3000, 1200), exif=gps_exif(orientation)))

    assert opened(artisan.photo).size == size


@pytest.mark.parametrize(
    ("content", "payload"),
    [
        pytest.param(photo() + zip_archive(), b"PK\x03\x04", id="jpeg-with-zip"),
        pytest.param(photo(image_format="PNG") + b"<script>alert(1)</script>", b"<script>", id="png-with-html"),
    ],
)
def test_polyglot_is_stored_without_what_was_appended(admin_client, content, payload):
    artisan = upload(admin_client, content, name="photo.jpg")

    with artisan.photo.open("rb"):
        raw = artisan.photo.read()
    assert payload not in raw
    assert not zipfile.is_zipfile(io.BytesIO(raw))
    assert opened(artisan.photo).getpixel((10, 10))[0] > 200


def test_cmyk_jpeg_is_stored_as_rgb(admin_client):
    artisan = upload(admin_client, photo(mode="CMYK", color=(0, 255, 255, 0)))

    stored = opened(artisan.photo)
    assert stored.mode == "RGB"
    assert stored.getpixel((10, 10))[0] > 200
    assert stored.getpixel((10, 10))[1] < 40


def test_palette_png_keeps_its_transparency(admin_client):
    image = Image.new("P", (200, 100), 1)
    image.putpalette([0, 0, 0, 255, 0, 0])
    image.paste(0, (0, 0, 100, 100))

    artisan = upload(admin_client, encoded(image, "PNG", transparency=0), name="photo.png")

    stored = opened(artisan.photo)
    assert stored.mode == "RGBA"
    assert (stored.getpixel((10, 10))[3], stored.getpixel((150, 10))) == (0, (255, 0, 0, 255))


def test_16_bit_grey_png_is_scaled_to_8_bits_not_clipped(admin_client):
    artisan = upload(admin_client, photo(mode="I;16", color=40000, image_format="PNG"), name="photo.png")

    stored = opened(artisan.photo)
    assert (stored.mode, stored.getpixel((10, 10))) == ("L", 156)


def test_multi_picture_jpeg_keeps_its_first_picture(admin_client):
    pictures = [Image.new("RGB", (80, 60), color) for color in ("red", "blue")]
    content = encoded(pictures[0], "MPO", save_all=True, append_images=pictures[1:])

    artisan = upload(admin_client, content)

    stored = opened(artisan.photo)
    assert (stored.format, stored.getpixel((10, 10))[0] > 200) == ("JPEG", True)


# The thumbnail


def test_thumbnail_is_a_square_webp(admin_client):
    artisan = upload(admin_client, photo(size=(600, 300)))

    thumbnail = opened(artisan.photo_thumbnail)
    assert (thumbnail.format, thumbnail.size) == ("WEBP", (THUMBNAIL_SIZE, THUMBNAIL_SIZE))
    assert dict(thumbnail.getexif()) == {}


def test_new_photo_replaces_the_old_one_whose_files_stay_for_its_version(
    admin_client, django_capture_on_commit_callbacks
):
    artisan = upload(admin_client, photo(color="red"))
    old = [artisan.photo.name, artisan.photo_thumbnail.name]

    with django_capture_on_commit_callbacks(execute=True):
        response = change_photo(admin_client, artisan, photo(color="blue"))

    assert response.status_code == 302
    artisan.refresh_from_db()
    assert opened(artisan.photo_thumbnail).getpixel((80, 80))[2] > 200
    assert stored_files() == sorted([*old, artisan.photo.name, artisan.photo_thumbnail.name])


def test_revert_brings_back_the_earlier_photo(admin_client, django_capture_on_commit_callbacks):
    artisan = upload(admin_client, photo(color="red"))
    red = artisan.history.latest()
    with django_capture_on_commit_callbacks(execute=True):
        change_photo(admin_client, artisan, photo(color="blue"))
    version_url = url("registry_artisan", "change", artisan.pk).replace("/change/", f"/history/{red.history_id}/")
    version_page = admin_client.get(version_url)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(version_url, form_data(version_page))

    assert response.status_code == 302
    artisan.refresh_from_db()
    assert (artisan.photo.name, artisan.photo_thumbnail.name) == (red.photo, red.photo_thumbnail)
    assert opened(artisan.photo_thumbnail).getpixel((80, 80))[0] > 200


def test_clearing_the_photo_clears_the_thumbnail_and_keeps_the_files_for_its_version(
    admin_client, django_capture_on_commit_callbacks
):
    artisan = upload(admin_client, photo())
    old = [artisan.photo.name, artisan.photo_thumbnail.name]

    with django_capture_on_commit_callbacks(execute=True):
        response = change_photo(admin_client, artisan, None, **{"photo-clear": "on"})

    assert response.status_code == 302
    artisan.refresh_from_db()
    assert (artisan.photo.name, artisan.photo_thumbnail.name) == ("", "")
    assert stored_files() == sorted(old)


def test_files_that_no_row_or_version_names_are_deleted(admin_client, django_capture_on_commit_callbacks):
    artisan = upload(admin_client, photo())
    names = {artisan.photo.name, artisan.photo_thumbnail.name}

    with django_capture_on_commit_callbacks(execute=True):
        Artisan.history.filter(id=artisan.pk).delete()
        Artisan.objects.filter(pk=artisan.pk).update(photo="", photo_thumbnail="")
        artisan._meta.get_field("photo").delete_after_commit(artisan, names)

    assert stored_files() == []


def test_saving_other_fields_keeps_the_photo(admin_client, django_capture_on_commit_callbacks):
    artisan = upload(admin_client, photo())
    kept = stored_files()

    with django_capture_on_commit_callbacks(execute=True):
        response = change_photo(admin_client, artisan, None, name_latin="Renamed")

    assert response.status_code == 302
    artisan.refresh_from_db()
    assert (artisan.name_latin, stored_files()) == ("Renamed", kept)
    assert artisan.photo_thumbnail.name in kept


def test_replaced_file_that_another_row_still_uses_is_kept(django_capture_on_commit_callbacks):
    shared = ArtisanFactory(photo=File(io.BytesIO(photo()), name="photo.jpg"))
    other = ArtisanFactory(photo=shared.photo.name, photo_thumbnail=shared.photo_thumbnail.name)

    with django_capture_on_commit_callbacks(execute=True):
        shared.photo = File(io.BytesIO(photo(color="blue")), name="photo.jpg")
        shared.save()

    assert {other.photo.name, other.photo_thumbnail.name} <= set(stored_files())
    assert len(stored_files()) == 4


# Outside the admin


def test_a_photo_saved_in_code_is_checked_and_re_encoded_too():
    artisan = ArtisanFactory()

    artisan.photo = File(io.BytesIO(photo(exif=gps_exif())), name="holiday.gif")
    artisan.save()

    artisan.refresh_from_db()
    assert STORED_NAME.fullmatch(artisan.photo.name)["extension"] == "jpg"
    assert dict(opened(artisan.photo).getexif()) == {}
    assert opened(artisan.photo_thumbnail).size == (THUMBNAIL_SIZE, THUMBNAIL_SIZE)


def test_a_bad_file_saved_in_code_is_refused_before_it_is_stored():
    artisan = ArtisanFactory()

    with pytest.raises(ValidationError) as refused:
        artisan.photo.save("photo.jpg", ContentFile(photo(image_format="GIF")))

    assert refused.value.code == "photo_format"
    assert stored_files() == []


def test_full_clean_refuses_a_bad_file():
    artisan = ArtisanFactory.build(photo=File(io.BytesIO(animated("PNG")), name="photo.png"))

    with pytest.raises(ValidationError) as refused:
        artisan.full_clean()

    assert refused.value.message_dict["photo"] == [REFUSED["photo_animated"]]


def test_any_model_form_checks_the_photo():
    form_class = modelform_factory(Artisan, fields=["photo"])
    form = form_class(files={"photo": SimpleUploadedFile("photo.jpg", b"<html></html>")})

    assert form.errors["photo"] == [REFUSED["photo_format"]]


# Where thumbnails are shown


def with_thumbnail(**kwargs) -> Artisan:
    return ArtisanFactory(photo=File(io.BytesIO(photo()), name="photo.jpg"), **kwargs)


def thumbnail_tag(artisan: Artisan, css_class: str, lazy: bool = False) -> str:
    loading = ' loading="lazy"' if lazy else ""
    return (
        f'<img class="{css_class}" src="{artisan.photo_thumbnail.url}" width="{THUMBNAIL_SIZE}" '
        f'height="{THUMBNAIL_SIZE}" alt="Photograph of {artisan.name}"{loading}>'
    )


@pytest.mark.parametrize("count", [1, 4])
def test_public_list_shows_thumbnails_without_a_query_per_row(client, django_assert_num_queries, count):
    artisans = [with_thumbnail() for _ in range(count)]
    ArtisanFactory(name_latin="Without Photo")

    # As many for one row as for four.
    with django_assert_num_queries(queries(reads=[TOTALS_COUNT, "rows", "their crafts"], remembered=LIST_OPTIONS)):
        response = client.get(reverse("registry:artisan-list"))

    content = response.content.decode()
    assert content.count("<img ") == count
    for artisan in artisans:
        assert thumbnail_tag(artisan, "thumbnail", lazy=True) in content


def test_artisan_page_shows_the_thumbnail_linked_to_the_photo(client):
    artisan = with_thumbnail()

    content = client.get(artisan.get_absolute_url()).content.decode()

    assert f'<a class="photo-link" href="{artisan.photo.url}">{thumbnail_tag(artisan, "photo")}</a>' in content


@pytest.mark.parametrize("count", [1, 3])
def test_admin_changelist_shows_thumbnails_without_a_query_per_row(admin_client, django_assert_num_queries, count):
    artisans = [with_thumbnail() for _ in range(count)]

    with django_assert_num_queries(queries(login=True, reads=["rows", "the page count"])):
        response = admin_client.get(url("registry_artisan", "changelist"))

    content = response.content.decode()
    for artisan in artisans:
        assert (
            f'<img src="{artisan.photo_thumbnail.url}" width="40" height="40" alt="Photograph of {artisan.name}" '
            'loading="lazy">'
        ) in content


# Photos stored before uploads were checked


def stored_before_the_checks(content: bytes, name: str = "artisans/2024/maryam-karimi.jpg") -> Artisan:
    return ArtisanFactory(photo=default_storage.save(name, ContentFile(content)))


def test_process_photos_re_encodes_old_photos_and_deletes_the_originals(django_capture_on_commit_callbacks):
    artisan = stored_before_the_checks(photo(size=(2400, 1200), exif=gps_exif()))
    original = artisan.photo.name
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("process_photos", stdout=out)

    artisan.refresh_from_db()
    stored = opened(artisan.photo)
    assert (stored.size, dict(stored.getexif())) == ((2000, 1000), {})
    assert opened(artisan.photo_thumbnail).size == (THUMBNAIL_SIZE, THUMBNAIL_SIZE)
    assert original not in stored_files()
    # The versions that named the original name the clean copy: a revert to them shows the photo.
    assert set(artisan.history.values_list("photo", flat=True)) == {artisan.photo.name}
    assert out.getvalue() == "Photos re-encoded: 1; 0 failed the checks and were left as they were.\n"


def test_process_photos_lists_and_keeps_photos_that_fail_the_checks(django_capture_on_commit_callbacks):
    artisan = stored_before_the_checks(photo(image_format="GIF"), name="artisans/2024/drawing.gif")
    missing = ArtisanFactory(photo="artisans/2024/gone.jpg")
    out, err = io.StringIO(), io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("process_photos", stdout=out, stderr=err)

    assert (
        err.getvalue().splitlines()[0]
        == f"{artisan.registry_number} (artisans/2024/drawing.gif): {REFUSED['photo_format']}"
    )
    assert err.getvalue().splitlines()[1].startswith(f"{missing.registry_number} (artisans/2024/gone.jpg): ")
    assert out.getvalue() == "Photos re-encoded: 0; 2 failed the checks and were left as they were.\n"
    artisan.refresh_from_db()
    assert (artisan.photo.name, artisan.photo_thumbnail.name) == ("artisans/2024/drawing.gif", "")
    assert stored_files() == ["artisans/2024/drawing.gif"]


def test_process_photos_dry_run_changes_nothing(django_capture_on_commit_callbacks):
    artisan = stored_before_the_checks(photo())
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("process_photos", "--dry-run", stdout=out)

    artisan.refresh_from_db()
    assert (artisan.photo.name, artisan.photo_thumbnail.name) == ("artisans/2024/maryam-karimi.jpg", "")
    assert stored_files() == ["artisans/2024/maryam-karimi.jpg"]
    assert out.getvalue() == (
        "Dry run, nothing saved: would have re-encoded 1; 0 failed the checks and were left as they were.\n"
    )
