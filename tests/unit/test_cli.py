"""The command line hands every option after `bench` to the benchmark, in order."""

from __future__ import annotations

import pytest

from thinning_hair import cli


@pytest.mark.parametrize("options", [["--pages", "finasteride", "--runs", "1"],
                                     ["--runs", "2", "--pages", "x,y"], []])
def test_bench_gets_its_options_in_order(options):
    assert cli.parse(["bench", *options]).rest == options


def test_other_commands_still_reject_unknown_options(capsys):
    with pytest.raises(SystemExit):
        cli.parse(["check", "--bogus"])
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err
