"""What every participation plugin shares (ARCHITECTURE.md §3)."""
