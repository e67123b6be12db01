"""The LSH index of opinions: one row per opinion and band, so that "which opinions of this round
share a bucket with this one" is one indexed query, never a scan of the round."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SimilarityBand(models.Model):
    """One MinHash band of one opinion. `bucket` is the band's key; it already mixes in the band
    number and the opinion's community (a duplicate is always of the same community: the same words
    in another community are another place), so (round, bucket) is the whole lookup key."""

    round = models.ForeignKey("solicitation.Round", on_delete=models.CASCADE, related_name="+",
                              db_index=False, verbose_name=_("轮次"))
    bucket = models.BigIntegerField(_("桶"))
    opinion = models.ForeignKey("solicitation.Opinion", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("意见"))

    class Meta:
        verbose_name = _("查重索引")
        verbose_name_plural = _("查重索引")
        indexes = [models.Index(fields=["round", "bucket"], name="dedupe_band_lookup")]

    def __str__(self):
        return f"{self.round_id}/{self.bucket} → {self.opinion_id}"
