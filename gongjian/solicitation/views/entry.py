"""Fast opinion entry from paper forms, and the printable receipt slip."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from gongjian import permissions
from gongjian.core.errors import Conflict, error_text

from .. import services
from ..forms import OpinionEntryForm
from ..models import Channel, Opinion, Round
from .common import active_categories, community_choices, community_in_scope, id_param, pick_round, rounds_of


@login_required
def opinion_create(request):
    """The fast form for typing up paper forms: after saving it stays, keeps round, community, channel,
    category and date, and shows the receipt code to print for the resident."""
    permissions.require(request.user, "create", Opinion)
    rounds = rounds_of(request.user, open_only=True)
    communities = community_choices(request.user)
    categories = active_categories()
    saved = None
    if request.method == "POST":
        form = OpinionEntryForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            rnd = next((r for r in rounds if r.pk == data["round"]), None)
            community = community_in_scope(request.user, data["community"])
            category = next((c for c in categories if c.pk == data["category"]), None)
            if rnd is None:
                form.add_error("round", "请选择一个未结束的轮次")
            if community is None:
                form.add_error("community", "社区不存在或不在您的管辖范围内")
            if category is None:
                form.add_error("category", "请选择类别")
            if form.is_valid():
                try:
                    opinion = services.opinion_create(
                        actor=request.user, round=rnd, community=community, channel=data["channel"],
                        category=category, content=data["content"], received_on=data["received_on"],
                        submitter_name=data["submitter_name"], submitter_phone=data["submitter_phone"],
                        form_no=data["form_no"])
                except ValidationError as exc:
                    form.add_error(None, error_text(exc))
                except Conflict as exc:
                    form.add_error(None, exc.message)
                else:
                    messages.success(request, f"已保存。回执码 {opinion.receipt_code}")
                    sticky = {"saved": opinion.pk, "round": rnd.pk, "community": data["community"],
                              "channel": data["channel"], "category": category.pk,
                              "received_on": data["received_on"].isoformat()}
                    return redirect(f"{reverse('solicitation:opinion_create')}?{urlencode(sticky)}")
    else:
        initial = {key: request.GET[key] for key in ("round", "community", "channel", "category", "received_on")
                   if request.GET.get(key)}
        if "round" not in initial:
            current = pick_round(rounds, None, prefer=(Round.Status.OPEN,))
            if current:
                initial["round"] = current.pk
        if "community" not in initial and communities and len(communities) == 1:
            initial["community"] = communities[0].pk
        form = OpinionEntryForm(initial=initial)
        saved_id = id_param(request.GET.get("saved"), "saved")
        if saved_id:
            saved = permissions.visible(request.user, Opinion).filter(pk=saved_id).first()
    recent = (permissions.visible(request.user, Opinion).filter(entered_by=request.user)
              .select_related("community", "category").order_by("-id")[:10])
    return render(request, "solicitation/opinion_create.html", {
        "form": form, "rounds": rounds, "communities": communities, "categories": categories,
        "channels": Channel.choices, "saved": saved, "recent": recent,
    })


@login_required
def opinion_receipt(request, pk: int):
    """A printable receipt slip (回执) for the resident: the code, the date, no contact details."""
    opinion = permissions.get_visible_or_404(
        request.user, Opinion, pk,
        queryset=permissions.visible(request.user, Opinion).select_related("community", "category", "round"))
    return render(request, "solicitation/receipt.html", {
        "opinion": opinion, "track_url": request.build_absolute_uri(reverse("portal:track")),
    })
