"""Artisan photos: what the registry accepts, and what it stores.

A photo is judged by its bytes, never by its name or by the content type the browser declared:
Pillow must read it as JPEG, PNG or WebP, at most ``MAX_PHOTO_BYTES`` and ``MAX_PHOTO_PIXELS``, to
the end. The pixel count comes from the header, so an oversized image is refused before a single
pixel is decoded. What is stored is never the uploaded file but a fresh encoding of its pixels,
upright, in sRGB and without metadata (EXIF with GPS position and camera serial numbers, XMP,
comments, colour profiles, anything appended after the image), at most ``PHOTO_MAX_SIDE`` pixels
long, under a random name whose extension is the real format. Beside it goes a square thumbnail.

``PhotoField`` puts this under every way a photo is saved: its form field checks and re-encodes an
upload (so the admin and any model form show a clear error), and its file encodes anything else
assigned to it before it reaches storage.
"""

import contextlib
import io
import logging
import uuid
from functools import partial

from django import forms
from django.core import checks
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_model_for_model

logger = logging.getLogger(__name__)

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTO_PIXELS = 40_000_000
# Enough for a profile page and a print a hand wide; more is archive work, not the registry's.
PHOTO_MAX_SIDE = 2000
# Square, in CSS pixels on the artisan page; lists show it smaller, so it stays sharp on dense screens.
THUMBNAIL_SIZE = 160

# Pillow's own guard, for every image this process opens: it warns above our limit and refuses
# twice it. It also runs before a WebP decoder reserves memory for the canvas, which happens
# while the file is opened, before our own check can.
Image.MAX_IMAGE_PIXELS = MAX_PHOTO_PIXELS

# Only these parsers see uploaded bytes: GIF, TIFF, SVG, PSD and the rest never get to try.
OPENED_FORMATS = ("JPEG", "PNG", "WEBP")
# Format Pillow reports → format stored, extension. MPO is a JPEG with extra views (stereo cameras,
# some phones): its first image is the photo.
STORED_FORMATS = {"JPEG": ("JPEG", ".jpg"), "MPO": ("JPEG", ".jpg"), "PNG": ("PNG", ".png"), "WEBP": ("WEBP", ".webp")}
ENCODER_OPTIONS = {
    "JPEG": {"quality": 85, "optimize": True, "progressive": True},
    "PNG": {},
    "WEBP": {"quality": 85},
}
ACCEPT = "image/jpeg,image/png,image/webp"
PHOTO_HELP_TEXT = lazy(
    lambda: (
        _(
            "JPEG, PNG or WebP, at most %(size)s and %(megapixels)s megapixels. The registry keeps a copy at most "
            "%(side)s pixels long, without the file's metadata, such as where the photo was taken."
        )
        % {
            "size": filesizeformat(MAX_PHOTO_BYTES),
            "megapixels": MAX_PHOTO_PIXELS // 1_000_000,
            "side": PHOTO_MAX_SIDE,
        }
    ),
    str,
)()
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))

MESSAGES = {
    "photo_too_large": _("This file is %(size)s; a photo may be at most %(limit)s."),
    "photo_format": _(
        "Upload a JPEG, PNG or WebP photo. This file is none of these: it is another kind of image "
        "(such as GIF, HEIC or TIFF) or not an image at all."
    ),
    "photo_too_many_pixels": _(
        "This photo has more than %(limit)s megapixels. Make it smaller, then upload it again."
    ),
    "photo_damaged": _(
        "This photo could not be read: the file is damaged or incomplete. Copy or export it again, "
        "then upload the new file."
    ),
    "photo_animated": _("Animated images are not accepted. Upload a still photo."),
}


def photo_error(code: str, **params) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code, params=params)


def too_many_pixels() -> ValidationError:
    return photo_error("photo_too_many_pixels", limit=MAX_PHOTO_PIXELS // 1_000_000)


class PreparedPhoto(ContentFile):
    """A photo that passed the checks, freshly encoded, with its thumbnail."""

    def __init__(self, content: bytes, *, extension: str, thumbnail: bytes):
        super().__init__(content, name=f"photo{extension}")
        self.extension = extension
        self.thumbnail = thumbnail


def open_photo(file) -> Image.Image:
    """The decoded image in ``file`` (a Django ``File``), or a ``ValidationError`` saying what is wrong."""
    if file.size > MAX_PHOTO_BYTES:
        raise photo_error("photo_too_large", size=filesizeformat(file.size), limit=filesizeformat(MAX_PHOTO_BYTES))
    file.seek(0)
    try:
        image = Image.open(file, formats=OPENED_FORMATS)
    except UnidentifiedImageError as error:
        raise photo_error("photo_format") from error
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise too_many_pixels() from error
    except Exception as error:
        # A header the parser gave up on halfway, e.g. a PNG text chunk that inflates too far.
        raise photo_error("photo_damaged") from error

    # Only the header has been read so far.
    if image.width * image.height > MAX_PHOTO_PIXELS:
        raise too_many_pixels()
    if image.format != "MPO" and getattr(image, "is_animated", False):
        raise photo_error("photo_animated")
    # A large JPEG is decoded at a half, quarter or eighth of its size when that still leaves
    # more than is stored: less memory and time, and a truncated file still fails.
    scale = PHOTO_MAX_SIDE / max(image.size)
    if scale < 1:
        image.draft(None, (max(1, int(image.width * scale)), max(1, int(image.height * scale))))
    try:
        image.load()
    except Exception as error:
        raise photo_error("photo_damaged") from error
    return image


def prepare_photo(file) -> PreparedPhoto:
    """Check ``file`` and encode what is stored of it: the photo and its thumbnail."""
    if isinstance(file, PreparedPhoto):
        return file
    image = open_photo(file)
    stored_format, extension = STORED_FORMATS[image.format]
    image = plain_mode(image)
    # Made smaller first, in place, so that turning it and converting its colours copy little.
    image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE), Image.Resampling.LANCZOS)
    try:
        image = ImageOps.exif_transpose(image)
    except Exception:
        # A damaged EXIF block costs the rotation, not the photo.
        logger.warning("Could not read the EXIF orientation of an uploaded photo", exc_info=True)
    image = in_srgb(image)
    if image.mode == "CMYK" or (stored_format != "PNG" and image.mode in ("L", "LA")):
        image = image.convert("RGBA" if image.mode == "LA" else "RGB")
    thumbnail = ImageOps.fit(image, (THUMBNAIL_SIZE, THUMBNAIL_SIZE), Image.Resampling.LANCZOS)
    if thumbnail.mode in ("L", "LA"):
        thumbnail = thumbnail.convert("RGBA" if thumbnail.mode == "LA" else "RGB")
    return PreparedPhoto(
        encode(image, stored_format, **ENCODER_OPTIONS[stored_format]),
        extension=extension,
        thumbnail=encode(thumbnail, "WEBP", quality=80),
    )


def plain_mode(image: Image.Image) -> Image.Image:
    """8-bit grey or RGB, with alpha when the image is transparent (CMYK waits for its colour profile)."""
    if image.mode.startswith("I"):
        # 16-bit grey: scaled to 8 bits, where convert("L") would clip everything above 255 to white.
        return image.convert("I").point(lambda value: value / 256).convert("L")
    if image.mode in ("L", "LA", "RGB", "RGBA", "CMYK") and "transparency" not in image.info:
        return image
    if image.mode in ("1", "L", "LA"):
        return image.convert("LA" if image.has_transparency_data else "L")
    return image.convert("RGBA" if image.has_transparency_data else "RGB")


def in_srgb(image: Image.Image) -> Image.Image:
    """The pixels in sRGB: the colour profile goes with the metadata, so it is applied first."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("L", "RGB", "RGBA", "CMYK"):
        return image
    try:
        return ImageCms.profileToProfile(
            image,
            ImageCms.ImageCmsProfile(io.BytesIO(profile)),
            SRGB,
            outputMode="RGBA" if image.mode == "RGBA" else "RGB",
        )
    except Exception:
        # A damaged profile, or one for other colours than the image has: keep the pixels as they are.
        return image


def encode(image: Image.Image, image_format: str, **options) -> bytes:
    # Encoders copy some of these (a JPEG comment, a PNG colour profile) unless they are gone.
    image.info.clear()
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def validate_photo(value) -> None:
    """For code that assigns a file and calls ``full_clean()``; forms check in ``PhotoFormField``."""
    if isinstance(value, FieldFile):
        if value._committed:
            return  # already stored, so already checked
        value = value.file
    if not isinstance(value, PreparedPhoto):
        open_photo(value)


class PhotoFormField(forms.FileField):
    """Checks an upload and hands on the re-encoded photo, so the form shows any problem as an error."""

    def to_python(self, data):
        file = super().to_python(data)
        return None if file is None else prepare_photo(file)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput):
            attrs.setdefault("accept", ACCEPT)
        return attrs


def delete_unused_files(model, field: "PhotoField", names: set[str], using: str) -> None:
    """Delete the stored files among ``names`` that no row, and no recorded version of a row, names.

    A version that names a photo can be reverted to, so its file stays.
    """
    columns = (field.attname, field.thumbnail_field)
    tables = [model._base_manager]
    with contextlib.suppress(NotHistoricalModelError):
        tables.append(get_history_model_for_model(model)._base_manager)
    in_use = set()
    for table in tables:
        rows = table.using(using).filter(Q(**{f"{columns[0]}__in": names}) | Q(**{f"{columns[1]}__in": names}))
        in_use |= {name for row in rows.values_list(*columns) for name in row}
    for name in names - in_use:
        field.storage.delete(name)


class PhotoFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        # Whatever is passed in, storage receives a checked photo, freshly encoded, and its thumbnail.
        photo = prepare_photo(content)
        thumbnail = getattr(self.instance, self.field.thumbnail_field)
        if self._committed and self.name:
            # Saved straight onto a stored photo rather than assigned: this replaces it.
            self.field.delete_after_commit(self.instance, {self.name, thumbnail.name})
        stem = uuid.uuid4().hex
        super().save(f"{stem}{photo.extension}", photo, save=False)
        thumbnail.save(f"{stem}.webp", ContentFile(photo.thumbnail), save=False)
        if save:
            self.instance.save()

    save.alters_data = True


class PhotoField(models.ImageField):
    """An ImageField for photos of people: checked, re-encoded, and kept with a thumbnail.

    ``thumbnail_field`` names the model's ImageField for the thumbnail, declared after this one and
    on the same storage. Replaced and cleared photos and their thumbnails are deleted once the
    change is committed.
    """

    attr_class = PhotoFieldFile
    # Not Django's extension check: names are decided by the content.
    default_validators = [validate_photo]

    def __init__(self, *args, thumbnail_field: str, **kwargs):
        self.thumbnail_field = thumbnail_field
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["thumbnail_field"] = self.thumbnail_field
        return name, path, args, kwargs

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        names = [field.name for field in self.model._meta.concrete_fields]
        # The row is written in field order: the thumbnail is set while this field is being saved.
        if self.thumbnail_field not in names or names.index(self.thumbnail_field) < names.index(self.name):
            errors.append(
                checks.Error(
                    f"thumbnail_field {self.thumbnail_field!r} must name a field declared after {self.name!r}.",
                    obj=self,
                    id="registry.E001",
                )
            )
        return errors

    def pre_save(self, model_instance, add):
        photo = getattr(model_instance, self.attname)
        cleared = not photo and bool(getattr(model_instance, self.thumbnail_field))
        if not add and (cleared or (photo and not photo._committed)):
            stored = (
                type(model_instance)
                ._base_manager.using(model_instance._state.db)
                .filter(pk=model_instance.pk)
                .values_list(self.attname, self.thumbnail_field)
                .first()
            )
            self.delete_after_commit(model_instance, set(stored or ()))
        if cleared:
            setattr(model_instance, self.thumbnail_field, "")
        return super().pre_save(model_instance, add)

    def delete_after_commit(self, instance, names: set[str]) -> None:
        # After the commit, and only files no row refers to then: a rollback, or a save outside a
        # transaction (where this runs at once, before the row is written), keeps them.
        names = {name for name in names if name}
        if names:
            using = instance._state.db or "default"
            transaction.on_commit(
                partial(delete_unused_files, type(instance), self, names, using), using=using, robust=True
            )

    def formfield(self, **kwargs):
        # The uploaded name is thrown away, so its length does not matter.
        return super().formfield(**{"form_class": PhotoFormField, "max_length": None, **kwargs})
