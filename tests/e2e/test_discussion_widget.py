"""<lms-discussion> on a lecture page, against the real server: a trainee starts a thread, a
colleague replies (anonymously) and votes, flags, the instructor endorses and hides, replies
sorted and paginated, a debate with its sides and rounds — in English, in Chinese and on a
390px-wide phone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lms.discussions import services
from lms.discussions.models import PostFlag, PostVote, Thread
from tests.e2e.conftest import axe_violations, law_term, sign_in
from tests.lms.core.factories import UserFactory
from tests.lms.quizzes.factories import enrol

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def lecture_people():
    """LAW-1 with Li Na (xiaoli) and Zhang Wei (colleague) on it and Teacher Wang teaching it;
    returns (course, first lecture, {name: user})."""
    _category, course, trainee = law_term()
    colleague = UserFactory(username="colleague", first_name="Zhang Wei")
    enrol(colleague, course)
    teacher = UserFactory(username="teacher", first_name="Teacher Wang", roles=("instructor",))
    course.instructors.add(teacher)
    course.save()
    lecture = course.get_children().first().specific
    return course, lecture, {"xiaoli": trainee, "colleague": colleague, "teacher": teacher}


def another_page(browser, **options):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-US",
                                  **options)
    context.set_default_timeout(15000)
    return context.new_page()


def open_lecture(page, base_url, username, lecture, thread=None):
    """Sign in, open the lecture (at a thread) and wait for the widget to show it."""
    sign_in(page, base_url, username, f"pass-{username}")
    page.goto(base_url + lecture.url + (f"#thread-{thread.pk}" if thread else ""))
    page.locator(f"lms-discussion[state={'thread' if thread else 'list'}]").wait_for(
        state="attached")
    return page.locator("lms-discussion")


def post_of(widget, text):
    """The post whose own text (not its replies') contains `text`."""
    return widget.locator("[data-post]").filter(
        has=widget.page.locator(":scope > .post__main > [data-field=html]", has_text=text))


def test_a_thread_started_replied_to_anonymously_and_voted_on(live_server, page, browser,
                                                              lecture_people, screenshot):
    course, lecture, people = lecture_people
    widget = open_lecture(page, live_server.url, "xiaoli", lecture)
    assert widget.locator("[data-field=empty]").is_visible()
    widget.locator("[data-action=new-thread]").click()
    form = widget.locator("[data-form=new-thread]")
    form.get_by_label("Title").fill("Who reviews an administrative act?")
    form.get_by_label("Your post").fill("I would like to understand **the review**.")
    form.get_by_label("Kind").select_option("question")
    form.get_by_role("button", name="Post thread").click()
    page.locator("lms-discussion[state=thread]").wait_for(state="attached")
    assert widget.locator("[data-field=thread-title]").inner_text() == (
        "Who reviews an administrative act?")
    assert widget.locator(".post--opening strong").inner_text() == "the review"
    thread = Thread.objects.get()
    assert (thread.kind, thread.page_id, thread.course_id) == ("question", lecture.pk, course.pk)
    assert page.url.endswith(f"#thread-{thread.pk}")

    # Zhang Wei answers without his name and votes the question up.
    other = another_page(browser)
    peer = open_lecture(other, live_server.url, "colleague", lecture)
    card = peer.locator(f"[data-thread='{thread.pk}']")
    assert "Li Na" in card.locator("[data-field=author]").inner_text()
    assert card.locator("[data-field=kind]").inner_text() == "Question"
    card.locator("[data-field=title]").click()
    other.locator("lms-discussion[state=thread]").wait_for(state="attached")
    reply = peer.locator("[data-form=reply-opening]")
    reply.get_by_label("Your answer").fill("The people's government at the next level up.")
    reply.get_by_label("Post anonymously (your instructors still see your name)").check()
    reply.get_by_role("button", name="Post answer").click()
    mine = post_of(peer, "next level up")
    mine.wait_for()
    assert "You (anonymous to other trainees)" in mine.locator("[data-field=author]").inner_text()
    # He corrects his answer, and follows the thread.
    mine.locator("[data-action=edit]").click()
    mine.locator("[data-form=edit] textarea").fill(
        "The people's government at the next level up, or the department above.")
    mine.locator("[data-form=edit]").get_by_role("button", name="Save").click()
    mine.locator("[data-field=html]").filter(has_text="department above").wait_for()
    assert "edited" in mine.locator("[data-field=author] + time + .when").inner_text()
    follow = peer.locator("[data-action=follow]")
    assert follow.get_attribute("aria-pressed") == "true"  # he follows what he wrote in
    follow.click()
    peer.locator("[data-action=follow][aria-pressed=false]").wait_for()
    assert not thread.subscriptions.filter(user=people["colleague"]).exists()
    opening = peer.locator(".post--opening")
    opening.locator("[data-action=upvote]").click()
    opening.locator("[data-action=upvote][aria-pressed=true]").wait_for()
    assert opening.locator("[data-field=score]").inner_text() == "1"
    assert PostVote.objects.get().value == 1
    other.context.close()

    # Li Na sees the answer, without its author's name, and the vote.
    page.reload()
    page.locator("lms-discussion[state=thread]").wait_for(state="attached")
    answer = post_of(widget, "next level up")
    assert answer.locator("[data-field=author]").inner_text() == "Anonymous"
    assert "Zhang" not in widget.inner_text()
    assert widget.locator(".post--opening [data-field=score]").inner_text() == "1"
    # Her own post takes no vote from her; she accepts the answer.
    assert widget.locator(".post--opening [data-action=upvote]").count() == 0
    answer.locator("[data-action=accept]").click()
    answer.locator("[data-badge=accepted]").wait_for()
    violations = axe_violations(page)
    assert violations == [], violations
    screenshot(page, "discussion-thread")

    # The instructor sees who wrote it.
    teacher = another_page(browser)
    seen = open_lecture(teacher, live_server.url, "teacher", lecture, thread)
    assert post_of(seen, "next level up").locator("[data-field=author]").inner_text() == (
        "Zhang Wei (anonymous to trainees)")
    teacher.context.close()


def test_the_new_thread_form_keeps_what_was_typed_when_refused(live_server, page,
                                                              lecture_people):
    _course, lecture, _people = lecture_people
    widget = open_lecture(page, live_server.url, "xiaoli", lecture)
    widget.locator("[data-action=new-thread]").click()
    form = widget.locator("[data-form=new-thread]")
    form.get_by_label("Your post").fill("A body without a title.")
    form.get_by_role("button", name="Post thread").click()
    form.locator("[data-error=title]").wait_for()
    assert form.locator("[data-error=title]").inner_text() == "Give the thread a title."
    assert form.get_by_label("Title").evaluate("el => el === el.getRootNode().activeElement")
    assert form.get_by_label("Your post").input_value() == "A body without a title."
    assert not Thread.objects.exists()


def test_a_trainee_flags_a_post_once(live_server, page, lecture_people):
    course, lecture, people = lecture_people
    thread = services.thread_start(course=course, page=lecture, user=people["colleague"],
                                   title="Budget review", body="What do you think?")
    services.post_reply(thread_id=thread.pk, user=people["colleague"], body="Buy my courses!")
    widget = open_lecture(page, live_server.url, "xiaoli", lecture, thread)
    spam = post_of(widget, "Buy my courses!")
    spam.locator("[data-action=flag]").click()
    form = spam.locator("[data-form=flag]")
    form.get_by_role("button", name="Flag this post").click()
    assert "Choose why" in form.locator("[data-field=form-error]").inner_text()
    form.get_by_label("Why should the moderators look at this post?").select_option("spam")
    form.get_by_label("Note for the moderators (optional)").fill("An advert")
    form.get_by_role("button", name="Flag this post").click()
    spam.locator("[data-note]").filter(has_text="moderators will look").wait_for()
    flag = PostFlag.objects.get()
    assert (flag.reason, flag.note, flag.user_id) == ("spam", "An advert", people["xiaoli"].pk)
    # A second flag is refused, with the server's words.
    spam.locator("[data-action=flag]").click()
    form.get_by_label("Why should the moderators look at this post?").select_option("abuse")
    form.get_by_role("button", name="Flag this post").click()
    assert "already flagged" in form.locator("[data-field=form-error]").inner_text()
    assert PostFlag.objects.count() == 1
    # A reply to a reply nests below it.
    spam.locator("[data-action=reply]").click()
    nested = spam.locator("[data-form=reply]")
    nested.locator("textarea").fill("Please keep to the topic.")
    nested.get_by_role("button", name="Post reply").click()
    below = spam.locator(".replies [data-post]").filter(has_text="keep to the topic")
    below.wait_for()
    assert below.get_attribute("data-depth") == "2"


def test_the_instructor_endorses_an_answer_and_hides_a_post(live_server, page, browser,
                                                            lecture_people, screenshot):
    course, lecture, people = lecture_people
    thread = services.thread_start(course=course, page=lecture, user=people["xiaoli"],
                                   kind="question", title="Is a notice an act?",
                                   body="Is a written notice an administrative act?")
    services.post_reply(thread_id=thread.pk, user=people["colleague"],
                        body="Yes, when it decides someone's rights.")
    services.post_reply(thread_id=thread.pk, user=people["colleague"], body="Stupid question.")
    widget = open_lecture(page, live_server.url, "teacher", lecture, thread)
    answer = post_of(widget, "decides someone's rights")
    answer.locator("[data-action=endorse]").click()
    answer.locator("[data-badge=endorsed]").wait_for()
    rude = post_of(widget, "Stupid question.")
    rude.locator("[data-action=hide]").click()
    rude.locator("[data-form=hide]").get_by_label(
        "Why hide this post? Its author will see the reason.").fill("Disrespectful")
    rude.locator("[data-form=hide]").get_by_role("button", name="Hide post").click()
    rude.locator("[data-badge=hidden]").wait_for()
    assert "Disrespectful" in rude.locator("[data-field=hidden-reason]").inner_text()
    assert "post--hidden" in rude.get_attribute("class")
    # The moderator's tools: lock with a reason.
    widget.get_by_text("Moderate this thread").click()
    status = widget.locator("[data-form=status]")
    status.get_by_label("Status").select_option("locked")
    status.get_by_label("Reason (shown in the thread)").fill("Answered")
    status.get_by_role("button", name="Change status").click()
    widget.locator("[data-field=status-reason]").filter(has_text="Answered").wait_for()
    widget.locator("[data-action=pin]").click()
    widget.locator("[data-action=pin][aria-pressed=true]").wait_for()
    assert Thread.objects.get().pinned
    violations = axe_violations(page)
    assert violations == [], violations
    screenshot(page, "discussion-moderator")

    trainee = another_page(browser)
    seen = open_lecture(trainee, live_server.url, "xiaoli", lecture, thread)
    assert post_of(seen, "decides someone's rights").locator(
        "[data-badge=endorsed]").is_visible()
    assert "Stupid question." not in seen.inner_text()
    assert "Locked" in seen.locator("[data-field=status]").inner_text()
    assert seen.locator("[data-form=reply-opening]").count() == 0
    seen.locator("[data-action=back]").click()
    trainee.locator("lms-discussion[state=list]").wait_for(state="attached")
    card = seen.locator(f"[data-thread='{thread.pk}']")
    assert card.locator("[data-field=pinned]").is_visible()
    assert "Answered" in card.locator("[data-field=status-reason]").inner_text()
    assert card.locator("[data-field=replies] .count").inner_text() == "1"
    trainee.context.close()


def test_replies_are_sorted_and_paginated(live_server, page, lecture_people):
    course, lecture, people = lecture_people
    start = timezone.now() - timedelta(days=2)
    thread = services.thread_start(course=course, page=lecture, user=people["teacher"],
                                   title="Your examples", body="Share one example each.",
                                   now=start)
    replies = [services.post_reply(thread_id=thread.pk, user=people["colleague"],
                                   body=f"Example number {n}.",
                                   now=start + timedelta(minutes=30 * n))
               for n in range(1, 24)]
    services.post_vote(post_id=replies[4].pk, user=people["xiaoli"], value=1)
    widget = open_lecture(page, live_server.url, "xiaoli", lecture, thread)
    posts = widget.locator("[data-field=posts] > [data-post]")
    assert widget.locator("[data-field=replies-heading]").inner_text() == "23 replies"
    assert posts.count() == 20
    assert "Example number 23." in posts.first.inner_text()
    assert widget.locator("[data-field=page]").inner_text() == "Page 1 of 2"
    widget.locator("[data-action=next-page]").click()
    widget.locator("[data-field=page]").filter(has_text="Page 2 of 2").wait_for()
    assert posts.count() == 3
    assert "Example number 1." in posts.last.inner_text()
    widget.locator("[data-order=top]").click()
    widget.locator("[data-order=top][aria-pressed=true]").wait_for()
    widget.locator("[data-field=page]").filter(has_text="Page 1 of 2").wait_for()
    assert "Example number 5." in posts.first.inner_text()
    widget.locator("[data-order=oldest]").click()
    widget.locator("[data-order=oldest][aria-pressed=true]").wait_for()
    page.wait_for_function("""() => document.querySelector('lms-discussion').shadowRoot
        .querySelector('[data-field=posts] > [data-post]').textContent.includes('number 1.')""")


def test_in_chinese_on_a_390px_phone(live_server, browser, lecture_people, screenshot):
    course, lecture, people = lecture_people
    thread = services.thread_start(course=course, page=lecture, user=people["colleague"],
                                   title="行政复议由谁受理？", body="请教大家：复议机关怎么确定？")
    parent = services.post_reply(thread_id=thread.pk, user=people["teacher"],
                                 body="一般是上一级人民政府或者上一级主管部门。")
    services.post_reply(thread_id=thread.pk, user=people["xiaoli"], parent_id=parent.pk,
                        body="谢谢老师！" + "很长的一段没有空格的文字" * 8)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN",
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    context.set_default_timeout(15000)
    page = context.new_page()
    context.add_cookies([{"name": "django_language", "value": "zh-hans",
                          "url": live_server.url}])
    widget = open_lecture(page, live_server.url, "xiaoli", lecture)
    assert widget.locator("[data-action=new-thread]").inner_text() == "发起话题"
    assert widget.locator("[data-field=list-heading]").inner_text() == "1 个话题"
    assert widget.locator("[data-field=kind]").inner_text() == "讨论"
    widget.locator(f"[data-thread='{thread.pk}'] [data-field=title]").click()
    page.locator("lms-discussion[state=thread]").wait_for(state="attached")
    assert widget.locator("[data-order=newest]").inner_text() == "最新"
    assert widget.locator("[data-action=back]").inner_text() == "← 全部话题"
    overflow = page.evaluate("""() => {
        const host = document.querySelector('lms-discussion');
        const box = host.getBoundingClientRect();
        const wide = [...host.shadowRoot.querySelectorAll('*')]
            .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1).length;
        return {page: document.documentElement.scrollWidth, right: box.right, wide};
    }""")
    assert overflow["page"] <= 390 and overflow["right"] <= 390 and overflow["wide"] == 0, overflow
    violations = axe_violations(page)
    assert violations == [], violations
    screenshot(page, "discussion-zh-phone")
    context.close()


def test_a_debate(live_server, page, browser, lecture_people, screenshot):
    course, lecture, people = lecture_people
    if not hasattr(services, "sides_assign"):
        pytest.skip("the debate services (sides_assign, POST threads/{id}/debate/…) are missing")
    now = timezone.now()
    rounds = [{"kind": kind, "opens_at": now + timedelta(hours=24 * n - 1),
               "closes_at": now + timedelta(hours=24 * (n + 1) - 1)}
              for n, kind in enumerate(("opening", "rebuttal", "closing"))]
    thread = services.thread_start(
        course=course, page=lecture, user=people["teacher"], kind="debate",
        title="Publishing budgets", body="Argue the motion.",
        debate={"motion": "Village committees should publish every budget line online",
                "side_mode": "assigned", "rounds": rounds})
    services.sides_assign(thread_id=thread.pk, by=people["teacher"],
                          assignments={people["xiaoli"].pk: "pro",
                                       people["colleague"].pk: "con"})
    widget = open_lecture(page, live_server.url, "xiaoli", lecture, thread)
    assert "publish every budget line" in widget.locator("[data-field=motion]").inner_text()
    assert "For" in widget.locator("[data-field=my-side]").inner_text()
    assert widget.locator("[data-round][data-state=open]").count() == 1
    # Only her own side has a speech form.
    assert widget.locator("[data-form=speech][data-side=pro]").count() == 1
    assert widget.locator("[data-form=speech][data-side=con]").count() == 0
    # The audience voted before the debate began: voting is closed while it runs.
    assert widget.locator("[data-action=vote-side]").count() == 0
    speech = widget.locator("[data-form=speech][data-side=pro]")
    speech.locator("textarea").fill("Openness builds trust in the village.")
    speech.get_by_role("button", name="Give this speech").click()
    widget.locator("[data-side=pro] [data-post]").filter(has_text="builds trust").wait_for()

    # Zhang Wei's page shows her speech in the pro column.
    other = another_page(browser)
    peer = open_lecture(other, live_server.url, "colleague", lecture, thread)
    pro = peer.locator("section[data-side=pro]")
    assert "builds trust" in pro.inner_text()
    assert pro.locator(".round-group h5").first.text_content() == "Opening statements"
    assert peer.locator("[data-form=speech][data-side=pro]").count() == 0
    # The instructor moves him to the other side while his page shows "con": the server
    # refuses his speech and the widget says why, keeping his text.
    services.sides_assign(thread_id=thread.pk, by=people["teacher"],
                          assignments={people["colleague"].pk: "pro"})
    form = peer.locator("[data-form=speech][data-side=con]")
    form.locator("textarea").fill("Costs outweigh benefits.")
    form.get_by_role("button", name="Give this speech").click()
    assert "other side" in form.locator("[data-field=form-error]").inner_text()
    assert form.locator("textarea").input_value() == "Costs outweigh benefits."
    violations = axe_violations(other)
    assert violations == [], violations
    screenshot(other, "discussion-debate")
    other.context.close()

    # The instructor chairs: no side, no vote; scores the open round.
    chair = another_page(browser)
    seen = open_lecture(chair, live_server.url, "teacher", lecture, thread)
    assert seen.locator("[data-form=speech][data-side=pro]").count() == 0
    assert seen.locator("[data-form=speech][data-side=chair]").count() == 1
    opening_round = seen.locator("[data-round][data-state=open]")
    opening_round.get_by_text("Score this round").click()
    scoring = opening_round.locator("form")
    scoring.get_by_label("Side").select_option("pro")
    scoring.get_by_label("Score (0–10)").fill("7")
    scoring.get_by_role("button", name="Save score").click()
    opening_round.locator("[data-score=pro]").filter(has_text="7").wait_for()
    assert seen.locator("section[data-side=pro] [data-field=side-score]").inner_text() == "7"
    chair.context.close()


def test_the_audience_votes_before_a_debate(live_server, page, lecture_people):
    course, lecture, people = lecture_people
    if not hasattr(services, "audience_vote"):
        pytest.skip("the debate services (audience_vote, POST threads/{id}/debate/vote/) are "
                    "missing")
    now = timezone.now()
    thread = services.thread_start(
        course=course, page=lecture, user=people["teacher"], kind="debate",
        title="Publishing budgets", body="Vote before we begin.",
        debate={"motion": "Village committees should publish every budget line online",
                "rounds": [{"kind": "opening", "opens_at": now + timedelta(days=1),
                            "closes_at": now + timedelta(days=2)}]})
    widget = open_lecture(page, live_server.url, "xiaoli", lecture, thread)
    audience = widget.locator("[data-section=audience]")
    assert "before the debate" in audience.locator("[data-field=stage]").inner_text()
    audience.locator("[data-action=vote-side][data-side=con]").click()
    audience.locator("[data-action=vote-side][data-side=con][aria-pressed=true]").wait_for()
    assert "Against" in audience.locator("[data-field=my-vote]").inner_text()
    assert widget.locator("[data-round]").first.get_attribute("data-state") == "upcoming"
    # No round is open: no speech form, and a side may still be chosen.
    assert widget.locator("[data-form=speech]").count() == 0
    widget.locator("[data-action=choose-side][data-side=pro]").click()
    widget.locator("[data-field=my-side]").wait_for()


def test_a_seminar_split_into_groups(live_server, page, browser, lecture_people, screenshot):
    course, lecture, people = lecture_people
    if not hasattr(services, "groups_form"):
        pytest.skip("the seminar services (groups_form, POST threads/{id}/seminar/groups/) are "
                    "missing")
    thread = services.thread_start(course=course, page=lecture, user=people["teacher"],
                                   kind="seminar", title="Serving the public",
                                   body="Discuss in your groups: what changed?")
    widget = open_lecture(page, live_server.url, "teacher", lecture, thread)
    seminar = widget.locator("[data-section=seminar]")
    assert "not split into groups" in seminar.inner_text()
    seminar.locator("[data-action=split][data-by=category]").click()
    seminar.locator("[data-group]").first.wait_for()
    names = seminar.locator("[data-group]").all_inner_texts()
    assert any(name.startswith("Young cadres") for name in names), names
    assert seminar.locator("[data-field=group-filter]").is_visible()
    screenshot(page, "discussion-seminar")

    trainee = another_page(browser)
    seen = open_lecture(trainee, live_server.url, "xiaoli", lecture, thread)
    assert "Young cadres" in seen.locator("[data-field=my-group]").inner_text()
    assert seen.locator("[data-field=group-filter]").count() == 0
    reply = seen.locator("[data-form=reply-opening]")
    reply.get_by_label("Your reply to your group").fill("Fewer forms to fill in.")
    reply.get_by_role("button", name="Post reply").click()
    post = post_of(seen, "Fewer forms")
    post.wait_for()
    assert "Young cadres" in post.locator("[data-field=group]").inner_text()
    trainee.context.close()


def test_who_does_not_get_the_discussion(live_server, page, lecture_people):
    course, _lecture, _people = lecture_people
    page.goto(live_server.url + course.url)
    assert page.locator("h1").inner_text() == "Administrative law"
    assert page.locator("lms-discussion").count() == 0  # signed out: no widget at all
    UserFactory(username="outsider", first_name="Wang Fang")
    sign_in(page, live_server.url, "outsider", "pass-outsider")
    page.goto(live_server.url + course.url)
    page.locator("lms-discussion[state=forbidden]").wait_for(state="attached")
    assert "Only trainees on this course" in page.locator(
        "lms-discussion [data-field=message]").inner_text()
