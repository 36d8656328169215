"""What the API shows of the two kinds of thread with a shape of their own: a debate (its
motion, sides, rounds with their state and scores, the audience vote) and a seminar (its
groups). Audience results are shown once they cannot sway the vote: the first vote's once the
debate has begun, the second's once the thread is closed; moderators see both all along."""

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from lms.discussions.models import (
    AudienceVote,
    Debate,
    DebateScore,
    DebateSide,
    SeminarGroup,
    SeminarMember,
    Side,
    Thread,
)
from lms.discussions.presenting import person_data
from lms.discussions.services.debating import round_open, stage


def _tally(votes, when):
    return {side: votes.get((when, side), 0) for side in Side.values}


def debate_data(thread, viewer, now=None):
    """The debate of a thread as the viewer sees it (six queries)."""
    now = now or timezone.now()
    debate = Debate.objects.filter(thread=thread).first()
    if debate is None:
        return None
    rounds = list(debate.rounds.all())
    scores = {(score.round_id, score.side): score.score
              for score in DebateScore.objects.filter(round__debate=debate)}
    debaters = list(DebateSide.objects.filter(debate=debate).select_related("user")
                    .order_by("user__last_name", "user__first_name", "user__username"))
    votes = {(when, side): n for when, side, n in (
        AudienceVote.objects.filter(debate=debate).values_list("stage", "side").order_by()
        .annotate(n=Count("pk")))}
    mine_voted = dict(AudienceVote.objects.filter(debate=debate, user_id=viewer.user.pk)
                      .values_list("stage", "side")) if viewer.user.is_authenticated else {}
    my_side = next((item.side for item in debaters if item.user_id == viewer.user.pk), None)
    when = stage(rounds, now, thread.status)
    current = round_open(rounds, now)
    sides = {}
    for side in Side.values:
        on_side = [item for item in debaters if item.side == side]
        given = [scores[(item.pk, side)] for item in rounds if (item.pk, side) in scores]
        sides[side] = {"label": str(Side(side).label), "count": len(on_side),
                       "debaters": [person_data(item.user) for item in on_side],
                       "score": sum(given) if given else None}
    show_before = viewer.moderator or when != "before"
    show_after = viewer.moderator or when == "closed"
    return {
        "motion": debate.motion, "side_mode": debate.side_mode,
        "sides": sides, "my_side": my_side,
        "may_choose_side": (debate.side_mode == Debate.SideMode.CHOSEN
                            and not viewer.moderator and viewer.user.is_authenticated
                            and when in ("before", "debating")),
        "rounds": [{"id": item.pk, "kind": item.kind, "name": item.name,
                    "opens_at": item.opens_at, "closes_at": item.closes_at,
                    "state": item.state(now),
                    "scores": {side: scores.get((item.pk, side)) for side in Side.values}}
                   for item in rounds],
        "current_round": current.pk if current else None,
        "audience": {
            "stage": when,
            "my_vote": {"before": mine_voted.get("before"), "after": mine_voted.get("after")},
            "before": _tally(votes, AudienceVote.Stage.BEFORE) if show_before else None,
            "after": _tally(votes, AudienceVote.Stage.AFTER) if show_after else None,
        },
        "urls": {name: reverse(f"api-discussion-debate-{name}", args=[thread.pk])
                 for name in ("side", "sides", "vote", "scores")},
    }


def seminar_data(thread, viewer):
    """The groups of a seminar, their sizes and the viewer's own; who is in which group for
    moderators, and who is in their own group for a trainee (three queries)."""
    groups = list(SeminarGroup.objects.filter(thread=thread)
                  .annotate(size=Count("memberships")).order_by("position"))
    mine = (SeminarMember.objects.filter(thread=thread, user_id=viewer.user.pk)
            .values_list("group_id", flat=True).first()) if viewer.user.is_authenticated else None
    shown = [group.pk for group in groups if viewer.moderator or group.pk == mine]
    people = {}
    for member in (SeminarMember.objects.filter(group_id__in=shown).select_related("user")
                   .order_by("user__last_name", "user__first_name", "user__username")):
        people.setdefault(member.group_id, []).append(person_data(member.user))
    return {
        "grouping": groups[0].basis if groups else None,
        "groups": [{"id": group.pk, "name": group.name, "members": group.size,
                    "mine": group.pk == mine,
                    "people": people.get(group.pk, []) if group.pk in shown else None}
                   for group in groups],
        "my_group": mine,
        "urls": {"groups": reverse("api-discussion-seminar-groups", args=[thread.pk])},
    }


def mode_data(thread, viewer):
    """{"debate": ..., "seminar": ...} of a thread's detail."""
    return {"debate": debate_data(thread, viewer) if thread.kind == Thread.Kind.DEBATE else None,
            "seminar": (seminar_data(thread, viewer) if thread.kind == Thread.Kind.SEMINAR
                        else None)}
