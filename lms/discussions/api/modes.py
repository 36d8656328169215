"""API views of debates and seminars (lms.discussions.modes shows them): taking a side,
assigning sides, the audience vote, the chair's scores, forming a seminar's groups. Each reads
the thread as lms.discussions.api.views does (view restrictions included) before any write."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.discussions import modes, services
from lms.discussions.api import serializers as s
from lms.discussions.api.views import ERRORS, readable_thread, request_body, service_call


def _debate_answer(request, pk):
    thread, viewer = readable_thread(request, pk)
    return Response(modes.debate_data(thread, viewer))


class DebateSideView(APIView):
    """A trainee takes a side in a debate whose debaters choose (`{"side": "pro" | "con"}`);
    a side with more debaters than the other is full (409)."""

    @extend_schema(request=s.SideSerializer, responses={200: s.DebateSerializer, **ERRORS})
    def post(self, request, pk):
        readable_thread(request, pk)  # read access (view restrictions too) before any write
        data = request_body(s.SideSerializer, request)
        service_call(services.side_choose, thread_id=pk, user=request.user, side=data["side"])
        return _debate_answer(request, pk)


class DebateSidesView(APIView):
    """Moderators: put trainees on sides (`assignments`: [{"user", "side"}]) and, with
    `balance`, every trainee of the course still without a side on the smaller side."""

    @extend_schema(request=s.AssignSerializer, responses={200: s.DebateSerializer, **ERRORS})
    def post(self, request, pk):
        readable_thread(request, pk)  # read access (view restrictions too) before any write
        data = request_body(s.AssignSerializer, request)
        service_call(services.sides_assign, thread_id=pk, by=request.user, balance=data["balance"],
                     assignments={item["user"]: item["side"] for item in data["assignments"]})
        return _debate_answer(request, pk)


class DebateVoteView(APIView):
    """The audience's vote on the motion (`{"side"}`): before the first round opens, and
    again after the last one closes; 409 in between."""

    @extend_schema(request=s.SideSerializer, responses={200: s.DebateSerializer, **ERRORS})
    def post(self, request, pk):
        readable_thread(request, pk)  # read access (view restrictions too) before any write
        data = request_body(s.SideSerializer, request)
        service_call(services.audience_vote, thread_id=pk, user=request.user, side=data["side"])
        return _debate_answer(request, pk)


class DebateScoresView(APIView):
    """Moderators: score a side in a round that has opened, 0 to 10, with a note."""

    @extend_schema(request=s.ScoreSerializer, responses={200: s.DebateSerializer, **ERRORS})
    def post(self, request, pk):
        readable_thread(request, pk)  # read access (view restrictions too) before any write
        data = request_body(s.ScoreSerializer, request)
        service_call(services.round_score, thread_id=pk, by=request.user, round_id=data["round"],
                     side=data["side"], score=data["score"], note=data["note"])
        return _debate_answer(request, pk)


class SeminarGroupsView(APIView):
    """Moderators: form the seminar's groups from the course's trainees, by trainee category
    or by work unit (`{"by": "category" | "unit"}`)."""

    @extend_schema(request=s.GroupingSerializer, responses={200: s.SeminarSerializer, **ERRORS})
    def post(self, request, pk):
        readable_thread(request, pk)  # read access (view restrictions too) before any write
        data = request_body(s.GroupingSerializer, request)
        service_call(services.groups_form, thread_id=pk, by=request.user, basis=data["by"])
        thread, viewer = readable_thread(request, pk)
        return Response(modes.seminar_data(thread, viewer))
