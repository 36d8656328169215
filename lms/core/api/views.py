"""API views of lms.core: me/."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.core.api.serializers import MeSerializer
from lms.core.selectors import me_context, unit_paths
from lms.platform.api.serializers import ApiErrorSerializer


class MeView(APIView):
    """The signed-in person: profile, work unit, category, roles and supervised units."""

    @extend_schema(responses={200: MeSerializer, 401: ApiErrorSerializer})
    def get(self, request):
        context = {"request": request, **me_context(request.user)}
        profile = context["profile"]
        units = [*context["supervised_units"], profile.work_unit if profile else None]
        context["unit_paths"] = unit_paths(units)
        return Response(MeSerializer(request.user, context=context).data)
