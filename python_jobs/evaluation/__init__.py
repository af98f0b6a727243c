"""Walk-forward evaluation of the prediction systems: the backtest loop and its HTML report."""
