"""The history manager class is made once (annotations.models.HistoryManagerMadeOnce): reading
``.history`` still gives each instance's and each model's own history, as simple-history's does."""

from annotations.models import Article, Claim, HistoryManagerMadeOnce


def test_history_reads_give_the_same_manager_class_and_the_right_rows(db):
    one = Article.objects.create(title="One", body="A body of text.", content_hash="1" * 64)
    two = Article.objects.create(title="Two", body="Another body of text.", content_hash="2" * 64)
    one.title = "One, renamed"
    one.save()

    assert type(one.history) is type(two.history) is type(Article.history)
    assert isinstance(one.history, HistoryManagerMadeOnce)
    assert [row.title for row in one.history.order_by("history_id")] == ["One", "One, renamed"]
    assert [row.title for row in two.history.all()] == ["Two"]
    assert Article.history.count() == 3
    assert Claim.history.model.__name__ == "HistoricalClaim" and Article.history.model.__name__ == "HistoricalArticle"
