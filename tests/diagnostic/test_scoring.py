"""The scoring rule, in pure functions: examples, then properties (hypothesis)."""

from hypothesis import given
from hypothesis import strategies as st

from assonum.diagnostic import scoring


def q(qid, kind="single", weight=2, scores=(0, 1, 2, 3)):
    return {"id": qid, "kind": kind, "weight": weight, "key": "", "text": f"Q{qid}", "help": "",
            "choices": [{"id": qid * 10 + i, "label": f"R{i}", "score": s, "tags": []}
                        for i, s in enumerate(scores)]}


def pick(question, index):
    return {"choices": [question["choices"][index]["id"]], "unknown": False}


UNKNOWN = {"choices": [], "unknown": True}


def test_weighted_mean_over_answered_questions_scaled_to_100():
    a, b = q(1, weight=3), q(2, weight=1)
    theme = {"slug": "t", "label": "T", "questions": [a, b]}
    # (3 * 3/3 + 1 * 0/3) / 4 = 0.75
    assert scoring.theme_score(theme, {"1": pick(a, 3), "2": pick(b, 0)}).score == 75
    # (3 * 1/3 + 1 * 2/3) / 4 = 0.41666 -> 42
    assert scoring.theme_score(theme, {"1": pick(a, 1), "2": pick(b, 2)}).score == 42


def test_scale_counts_out_of_four_and_multiple_is_capped_at_three():
    scale = q(1, kind="scale", scores=(0, 1, 2, 3, 4))
    theme = {"slug": "t", "label": "T", "questions": [scale]}
    assert scoring.theme_score(theme, {"1": pick(scale, 3)}).score == 75
    multiple = q(2, kind="multiple", scores=(1, 1, 2, 0))
    theme = {"slug": "t", "label": "T", "questions": [multiple]}
    both = {"choices": [21, 22], "unknown": False}  # 1 + 2 = 3 -> 100
    assert scoring.theme_score(theme, {"2": both}).score == 100
    everything = {"choices": [20, 21, 22, 23], "unknown": False}  # 4, capped at 3
    assert scoring.theme_score(theme, {"2": everything}).score == 100
    assert scoring.theme_score(theme, {"2": {"choices": [20], "unknown": False}}).score == 33


def test_unknown_is_neither_zero_nor_silently_ignored():
    a, b = q(1), q(2)
    theme = {"slug": "t", "label": "T", "questions": [a, b]}
    result = scoring.theme_score(theme, {"1": pick(a, 3), "2": UNKNOWN})
    assert result.score == 100  # not a zero: (3/3) over the answered question only
    assert (result.unknown, result.answered, result.unanswered) == (1, 1, 0)  # but counted
    only_unknown = scoring.theme_score(theme, {"1": UNKNOWN, "2": UNKNOWN})
    assert only_unknown.score is None and only_unknown.unknown == 2


def test_weight_zero_questions_do_not_count_and_nothing_answered_has_no_score():
    a, b = q(1, weight=0), q(2)
    theme = {"slug": "t", "label": "T", "questions": [a, b]}
    assert scoring.theme_score(theme, {"1": pick(a, 0), "2": pick(b, 3)}).score == 100
    empty = scoring.theme_score(theme, {})
    assert empty.score is None and empty.unanswered == 2


def test_overall_is_the_mean_of_scored_themes_and_levels():
    themes = [scoring.ThemeScore("a", "A", 80), scoring.ThemeScore("b", "B", 41),
              scoring.ThemeScore("c", "C", None)]
    assert scoring.overall_score(themes) == 61  # 60.5 rounded half up
    assert [scoring.level_of(s) for s in (0, 24, 25, 49, 50, 74, 75, 100)] == [1, 1, 2, 2, 3, 3, 4, 4]
    assert scoring.level_of(None) is None


def test_measures_are_triggered_by_tags_most_urgent_first_and_not_by_unknown():
    a = q(1)
    a["choices"][0]["tags"] = ["later", "urgent"]
    snapshot = {"themes": [{"slug": "t", "label": "T", "questions": [a]}],
                "measures": {"urgent": {"title": "U", "text": "", "priority": 1, "theme": "t",
                                        "needs": [], "services": [], "offers": []},
                             "later": {"title": "L", "text": "", "priority": 3, "theme": "t",
                                       "needs": [], "services": [], "offers": []}}}
    found = scoring.triggered_measures(snapshot, {"1": pick(a, 0)})
    assert [m["slug"] for m in found] == ["urgent", "later"]
    assert scoring.triggered_measures(snapshot, {"1": UNKNOWN}) == []
    assert scoring.triggered_measures(snapshot, {"1": pick(a, 3)}) == []


# --- Properties ----------------------------------------------------------------------------------

kinds = st.sampled_from(["single", "multiple", "scale"])


@st.composite
def questions(draw, qid):
    kind = draw(kinds)
    top = 4 if kind == "scale" else 3
    scores = draw(st.lists(st.integers(0, top), min_size=1, max_size=6))
    return q(qid, kind=kind, weight=draw(st.integers(0, 3)), scores=scores)


@st.composite
def answered_themes(draw):
    n = draw(st.integers(1, 8))
    qs = [draw(questions(i + 1)) for i in range(n)]
    answers = {}
    for question in qs:
        choice = draw(st.sampled_from(["none", "unknown", "pick"]))
        if choice == "unknown":
            answers[str(question["id"])] = UNKNOWN
        elif choice == "pick":
            ids = [c["id"] for c in question["choices"]]
            chosen = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=len(ids), unique=True))
            if question["kind"] != "multiple":
                chosen = chosen[:1]
            answers[str(question["id"])] = {"choices": chosen, "unknown": False}
    return {"slug": "t", "label": "T", "questions": qs}, answers


@given(answered_themes())
def test_property_score_stays_within_0_100(data):
    theme, answers = data
    result = scoring.theme_score(theme, answers)
    assert result.score is None or 0 <= result.score <= 100
    assert result.answered + result.unknown + result.unanswered == len(theme["questions"])


@given(answered_themes(), st.data())
def test_property_a_better_answer_never_lowers_the_score(data, extra):
    theme, answers = data
    before = scoring.theme_score(theme, answers).score
    question = extra.draw(st.sampled_from(theme["questions"]))
    key = str(question["id"])
    current = answers.get(key)
    if not current or current.get("unknown"):
        return  # improving an answer needs an answer
    if question["kind"] == "multiple":
        # adding a choice (scores are never negative) is never worse
        added = extra.draw(st.sampled_from([c["id"] for c in question["choices"]]))
        better = {"choices": sorted(set(current["choices"]) | {added}), "unknown": False}
    else:
        score_of = {c["id"]: c["score"] for c in question["choices"]}
        now = score_of[current["choices"][0]]
        higher = [c["id"] for c in question["choices"] if c["score"] >= now]
        better = {"choices": [extra.draw(st.sampled_from(higher))], "unknown": False}
    after = scoring.theme_score(theme, {**answers, key: better}).score
    if before is None:  # only weight-0 questions answered: still no score
        assert after is None
    else:
        assert after is not None and after >= before


@given(answered_themes(), st.data())
def test_property_unknown_is_left_out_of_the_mean_and_counted(data, extra):
    theme, answers = data
    question = extra.draw(st.sampled_from(theme["questions"]))
    key = str(question["id"])
    with_unknown = scoring.theme_score(theme, {**answers, key: UNKNOWN})
    without_question = scoring.theme_score(
        {**theme, "questions": [x for x in theme["questions"] if x["id"] != question["id"]]},
        {k: v for k, v in answers.items() if k != key})
    # Same score as if the question did not exist: neither a 0 nor a full mark...
    assert with_unknown.score == without_question.score
    # ...and counted, not silently dropped.
    assert with_unknown.unknown == without_question.unknown + 1
