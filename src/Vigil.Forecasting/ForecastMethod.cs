namespace Vigil.Forecasting;

/// <summary>The forecasting methods Vigil offers.</summary>
public enum ForecastMethod
{
    /// <summary>Automatic: candidates are scored on a held-out tail of the history and the best are combined.</summary>
    Auto = 0,

    /// <summary>Seasonal naive: each future value repeats the value one (longest detected) season earlier.</summary>
    SeasonalNaive,

    /// <summary>Naive2 as defined by the M4 competition: naive on data seasonally adjusted by classical multiplicative decomposition.</summary>
    Naive2,

    /// <summary>Exponential smoothing (ETS family) with model selection by AICc.</summary>
    Ets,

    /// <summary>The Theta method (Assimakopoulos and Nikolopoulos) on seasonally adjusted data.</summary>
    Theta,

    /// <summary>Multiple-seasonal decomposition with an ETS forecaster on the seasonally adjusted series.</summary>
    MultiSeasonal,
}
