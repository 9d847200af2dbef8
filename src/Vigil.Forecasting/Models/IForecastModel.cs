namespace Vigil.Forecasting.Models;

/// <summary>One forecasting method: fits a clean series (no NaN) and projects it.</summary>
internal interface IForecastModel
{
    /// <summary>The method this model implements.</summary>
    ForecastMethod Method { get; }

    /// <summary>Fits <paramref name="y"/> and forecasts <paramref name="horizon"/> steps.</summary>
    ModelForecast Forecast(ReadOnlySpan<double> y, int horizon);
}

/// <summary>Point forecasts and, when the model has them, the standard deviation of the forecast error per step.</summary>
internal sealed record ModelForecast(double[] Mean, double[]? StdDev);

/// <summary>Forecasts of held-out stretches of the history next to what happened, for interval calibration.</summary>
internal sealed record HeldOut(double[] Actual, double[] Mean, double[] StdDev);
