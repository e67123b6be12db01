"""`gongjian bench` lives in the bench app, beside the benchmarks it runs."""

import pytest
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError

from gongjian.bench import discover


def test_the_bench_command_belongs_to_the_bench_app():
    assert get_commands()["bench"] == "gongjian.bench"


def test_discovery_finds_the_benchmarks_and_nothing_else():
    assert {"api", "board", "dashboard", "screening"} <= set(discover())
    assert not {"apps", "management", "tests"} & set(discover())


def test_an_unknown_benchmark_is_refused_with_the_list():
    with pytest.raises(CommandError) as info:
        call_command("bench", "nosuch")
    assert "screening" in str(info.value)
