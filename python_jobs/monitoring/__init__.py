"""The health dashboard: the monitoring models as one self-contained HTML page."""
