"""Staff pages of solicitation and screening, by sub-domain: fast opinion entry (entry), import
(imports), the screening workbench (screening), the problem register (problems) and solicitation
records (records), rounds and batches (rounds), opinion categories (categories).

Each view: permission check → parse input → one service call → render.
"""

from .categories import category_delete, category_list, category_move, category_set_active, category_update
from .entry import opinion_create, opinion_receipt
from .imports import import_job, import_template, opinion_import
from .problems import problem_carry_over, problem_classify, problem_ledger_export, problem_list
from .records import solicitation_list
from .rounds import round_detail, round_list, round_status
from .screening import opinion_reject, opinion_similar, workbench, workbench_merge

__all__ = [
    "category_delete", "category_list", "category_move", "category_set_active", "category_update",
    "round_detail", "round_list", "round_status",
    "import_job", "import_template", "opinion_create", "opinion_import", "opinion_receipt", "opinion_reject",
    "opinion_similar", "problem_carry_over", "problem_classify", "problem_ledger_export", "problem_list",
    "solicitation_list", "workbench",
    "workbench_merge",
]
