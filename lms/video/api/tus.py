"""Resumable video uploads over tus 1.0.0 (core, creation, termination, expiration):
`videos/uploads/` (OPTIONS, POST) and `videos/uploads/{id}/` (HEAD, PATCH, DELETE). The work is
lms.video.resumable's; these views read the protocol's headers and write its answers."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.models import Collection

from lms.platform.api.serializers import ApiErrorSerializer
from lms.platform.ids import parse_id
from lms.video import conf, resumable, tus
from lms.video.models import VideoUpload
from lms.video.permissions import may_upload


class MayUploadVideos(BasePermission):
    """Instructors and the training office (may_upload); what the server supports (OPTIONS)
    is no secret."""

    def has_permission(self, request, view):
        return request.method == "OPTIONS" or may_upload(request.user)


class TusVersionMismatch(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "tus_version"
    default_detail = gettext_lazy("This server speaks version 1.0.0 of the tus protocol "
                                  "(Tus-Resumable).")


class UploadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"
    default_detail = gettext_lazy("The file is too large.")


class OffsetConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "offset_mismatch"
    default_detail = gettext_lazy("The upload does not stand at this offset; ask where it "
                                  "stands (HEAD) and continue from there.")


class UploadLocked(exceptions.APIException):
    status_code = status.HTTP_423_LOCKED
    default_code = "upload_busy"
    default_detail = gettext_lazy("Another request is sending this upload's bytes; try again "
                                  "shortly.")


class UploadGone(exceptions.APIException):
    status_code = status.HTTP_410_GONE
    default_code = "upload_expired"
    default_detail = gettext_lazy("This upload has expired; start it again.")


class LengthRequired(exceptions.APIException):
    status_code = status.HTTP_411_LENGTH_REQUIRED
    default_code = "length_required"
    default_detail = gettext_lazy("Send the bytes with a Content-Length header, not in chunks.")


ERRORS = {status_code: OpenApiResponse(ApiErrorSerializer) for status_code in
          (400, 401, 403, 404, 409, 410, 411, 412, 413, 415, 423)}
TUS_RESUMABLE = OpenApiParameter("Tus-Resumable", OpenApiTypes.STR, OpenApiParameter.HEADER,
                                 required=True, enum=[tus.VERSION])


class TusView(APIView):
    """What every tus answer shares: the protocol version checked on every request but OPTIONS
    (412 otherwise), the version on every answer, nothing cached, the headers a page's script
    needs to read."""

    permission_classes = [MayUploadVideos]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method != "OPTIONS" and request.headers.get("Tus-Resumable") != tus.VERSION:
            raise TusVersionMismatch()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Tus-Resumable"] = tus.VERSION
        response["Cache-Control"] = "no-store"
        response["Access-Control-Expose-Headers"] = ", ".join(tus.EXPOSED_HEADERS)
        if response.status_code == status.HTTP_412_PRECONDITION_FAILED:
            response["Tus-Version"] = tus.VERSION
        return response


def _metadata(request):
    """The Upload-Metadata header as {key: text or None}; 400 when it cannot be read."""
    try:
        raw = tus.parse_metadata(request.headers.get("Upload-Metadata"))
        return {key: (None if value is None else tus.metadata_text(raw, key))
                for key, value in raw.items()}
    except tus.MetadataError as error:
        raise exceptions.ValidationError(
            gettext("The Upload-Metadata header cannot be read: %(reason)s.") % {"reason": error},
            code="invalid_metadata") from error


def _collection(metadata):
    """The collection named by the `collection` metadata (an id), or None; 400 if unknown."""
    value = metadata.get("collection")
    if not value:
        return None
    pk = parse_id(value)
    collection = Collection.objects.filter(pk=pk).first() if pk is not None else None
    if collection is None:
        raise exceptions.ValidationError(
            gettext("There is no collection %(id)s.") % {"id": value[:20]},
            code="invalid_collection")
    return collection


def _progress_headers(upload):
    """Where an upload stands: offset and length, its expiry while unfinished, and the video it
    became once finished."""
    headers = {"Upload-Offset": str(upload.offset), "Upload-Length": str(upload.length)}
    if upload.video_id is None:
        headers["Upload-Expires"] = http_date(upload.expires_at.timestamp())
    else:
        headers[tus.VIDEO_ID_HEADER] = str(upload.video_id)
        headers[tus.VIDEO_URL_HEADER] = reverse("api-video", args=[upload.video_id])
    return headers


class UploadListView(TusView):
    """Start a resumable upload (tus creation): `Upload-Length` (bytes, at most Tus-Max-Size)
    and `Upload-Metadata` (`filename`, `title`, `collection` id, base64 as tus has it); the
    answer's `Location` is where to send the bytes. For those who may add videos."""

    @extend_schema(request=None, responses={204: None},
                   summary="What the server supports (tus discovery)")
    def options(self, request, *args, **kwargs):
        return Response(status=status.HTTP_204_NO_CONTENT, headers={
            "Tus-Version": tus.VERSION, "Tus-Extension": ",".join(tus.EXTENSIONS),
            "Tus-Max-Size": str(conf.get("LMS_VIDEO_MAX_BYTES"))})

    @extend_schema(request=None, responses={201: None, **ERRORS}, parameters=[
        TUS_RESUMABLE,
        OpenApiParameter("Upload-Length", OpenApiTypes.INT, OpenApiParameter.HEADER,
                         required=True),
        OpenApiParameter("Upload-Metadata", OpenApiTypes.STR, OpenApiParameter.HEADER)])
    def post(self, request):
        length = tus.parse_size(request.headers.get("Upload-Length"))
        if length is None:
            raise exceptions.ValidationError(
                gettext("Upload-Length must be the file's size in bytes."), code="invalid_length")
        metadata = _metadata(request)
        try:
            upload = resumable.upload_create(
                owner=request.user, length=length,
                filename=metadata.get("filename") or metadata.get("name") or "",
                title=metadata.get("title") or "", collection=_collection(metadata),
                metadata=metadata)
        except DjangoValidationError as refused:
            if refused.code == "too_large":
                raise UploadTooLarge(refused.messages[0]) from refused
            raise
        return Response(status=status.HTTP_201_CREATED, headers={
            "Location": reverse("api-video-upload", args=[upload.pk]),
            "Upload-Expires": http_date(upload.expires_at.timestamp())})


class UploadDetailView(TusView):
    """A resumable upload of one's own (others' answer 404): HEAD says where it stands, PATCH
    (`Content-Type: application/offset+octet-stream`, `Upload-Offset`) appends bytes, DELETE
    gives it up. The last byte makes the video: the answer then carries `Lms-Video-Id` and
    `Lms-Video-Url` (its status), and so does HEAD afterwards. Unfinished uploads expire
    (`Upload-Expires`) LMS_VIDEO_UPLOAD_EXPIRY_SECONDS after their last byte: 410."""

    def get_upload(self, request, upload_id):
        upload = VideoUpload.objects.filter(pk=upload_id, owner=request.user).first()
        if upload is None:
            raise exceptions.NotFound()
        return upload

    @extend_schema(request=None, responses={200: None, **ERRORS}, parameters=[TUS_RESUMABLE])
    def head(self, request, upload_id):
        upload = self.get_upload(request, upload_id)
        if resumable.is_expired(upload):
            raise UploadGone()
        headers = _progress_headers(upload)
        if upload.metadata:
            headers["Upload-Metadata"] = tus.encode_metadata(upload.metadata)
        return Response(status=status.HTTP_200_OK, headers=headers)

    @extend_schema(request={tus.OFFSET_CONTENT_TYPE: OpenApiTypes.BINARY},
                   responses={204: None, **ERRORS}, parameters=[
                       TUS_RESUMABLE,
                       OpenApiParameter("Upload-Offset", OpenApiTypes.INT,
                                        OpenApiParameter.HEADER, required=True)])
    def patch(self, request, upload_id):
        if request.content_type.split(";")[0].strip().lower() != tus.OFFSET_CONTENT_TYPE:
            raise exceptions.UnsupportedMediaType(request.content_type)
        offset = tus.parse_size(request.headers.get("Upload-Offset"))
        if offset is None:
            raise exceptions.ValidationError(
                gettext("Upload-Offset must be the number of bytes already sent."),
                code="invalid_offset")
        if "chunked" in request.headers.get("Transfer-Encoding", "").lower():
            raise LengthRequired()
        size = tus.parse_size(request.META.get("CONTENT_LENGTH") or "0")
        if size is None:
            raise LengthRequired()
        upload = self.get_upload(request, upload_id)
        # request.stream is the request itself, read as it arrives: never request.body or
        # request.data, which would hold the whole body in memory (and which Django refuses
        # past DATA_UPLOAD_MAX_MEMORY_SIZE).
        stream = request.stream
        try:
            upload = resumable.upload_append(upload=upload, offset=offset, stream=stream,
                                             size=size if stream is not None else 0)
        except resumable.OffsetMismatch as conflict:
            raise OffsetConflict() from conflict
        except resumable.UploadBusy as busy:
            raise UploadLocked() from busy
        except resumable.UploadGone as gone:
            raise UploadGone() from gone
        except VideoUpload.DoesNotExist as terminated:
            raise exceptions.NotFound() from terminated
        except DjangoValidationError as refused:
            if refused.code == "too_large":
                raise UploadTooLarge(refused.messages[0]) from refused
            raise
        return Response(status=status.HTTP_204_NO_CONTENT, headers=_progress_headers(upload))

    @extend_schema(request=None, responses={204: None, **ERRORS}, parameters=[TUS_RESUMABLE])
    def delete(self, request, upload_id):
        resumable.upload_delete(upload=self.get_upload(request, upload_id))
        return Response(status=status.HTTP_204_NO_CONTENT)
