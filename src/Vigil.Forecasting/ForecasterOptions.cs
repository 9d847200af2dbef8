namespace Vigil.Forecasting;

/// <summary>How <see cref="Forecaster"/> forecasts. Validated when the forecaster is created.</summary>
public sealed record ForecasterOptions
{
    /// <summary>The method; <see cref="ForecastMethod.Auto"/> by default.</summary>
    public ForecastMethod Method { get; init; } = ForecastMethod.Auto;

    /// <summary>A known shortest seasonal period in steps (e.g. 24 for hourly data), or 0 to detect it. Longer nested periods are still detected.</summary>
    public int SeasonHint { get; init; }

    /// <summary>Whether the series is a gauge (default) or a counter whose drops are resets.</summary>
    public SeriesKind Kind { get; init; }

    /// <summary>The nominal coverage of the prediction interval in percent (e.g. 95), or null for point forecasts only.</summary>
    public double? Level { get; init; }
}
