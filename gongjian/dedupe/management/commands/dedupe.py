import json as jsonlib
import time

from django.core.management.base import BaseCommand, CommandError

from gongjian.dedupe.clustering import cluster_round
from gongjian.dedupe.scoring import THRESHOLD
from gongjian.solicitation.models import Opinion, Round


class Command(BaseCommand):
    help = "把一个轮次的意见按“说的是同一件事”聚类（近似查重），打印各组"

    def add_arguments(self, parser):
        parser.add_argument("--round", type=int, required=True, dest="round_id", help="轮次 id")
        parser.add_argument("--threshold", type=float, default=THRESHOLD, help=f"相似度阈值，默认 {THRESHOLD}")
        parser.add_argument("--show", type=int, default=50, help="最多打印多少组（默认 50，0 为全部）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出全部分组")

    def handle(self, *args, round_id, threshold, show, json: bool, **options):
        rnd = Round.objects.filter(pk=round_id).first()
        if rnd is None:
            raise CommandError(f"轮次 {round_id} 不存在")
        started = time.perf_counter()
        result = cluster_round(rnd.pk, threshold)
        elapsed = time.perf_counter() - started
        if json:
            self.stdout.write(_dumps({"round": rnd.pk, "opinions": result.opinions, "clusters": result.clusters}))
            return
        self.stdout.write(f"轮次“{rnd.name}”：{result.opinions} 条意见，{len(result.clusters)} 组疑似重复"
                          f"（共 {sum(map(len, result.clusters))} 条），候选对 {result.candidate_pairs}，"
                          f"用时 {elapsed:.1f} 秒")
        clusters = result.clusters if not show else result.clusters[:show]
        wanted = {pk for cluster in clusters for pk in cluster[:5]}
        texts = dict(Opinion.objects.filter(pk__in=wanted).values_list("pk", "content"))
        for number, cluster in enumerate(clusters, 1):
            self.stdout.write(f"\n第 {number} 组（{len(cluster)} 条）：{', '.join(map(str, cluster[:20]))}"
                              + (" …" if len(cluster) > 20 else ""))
            for pk in cluster[:5]:
                self.stdout.write(f"  {pk}: {texts.get(pk, '')[:60]}")


def _dumps(data) -> str:
    return jsonlib.dumps(data, ensure_ascii=False)
