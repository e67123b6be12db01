"""Gongjian 共建 — community co-building workflow system."""
