from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gongjian.open311.models import Open311Key
from gongjian.open311.services import key_issue


class Command(BaseCommand):
    help = "发放 Open311 提交密钥（例如给 12345 热线），密钥只显示这一次"

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="对方系统名称，例如 12345热线")
        parser.add_argument("--channel", choices=Open311Key.Channel.values, default=None,
                            help="意见渠道；名称含“热线”时默认 hotline，否则 online")

    def handle(self, *args, name, channel, **options):
        channel = channel or (Open311Key.Channel.HOTLINE if "热线" in name or "12345" in name
                              else Open311Key.Channel.ONLINE)
        try:
            key, raw = key_issue(name=name, channel=channel)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        self.stdout.write(raw)
        self.stderr.write(f"已为“{key.name}”发放密钥（渠道 {key.get_channel_display()}），请妥善保管，它不会再显示。")
