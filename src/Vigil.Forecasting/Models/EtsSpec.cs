namespace Vigil.Forecasting.Models;

/// <summary>How the error enters an ETS model.</summary>
internal enum EtsError
{
    Additive,
    Multiplicative,
}

/// <summary>The trend component of an ETS model.</summary>
internal enum EtsTrend
{
    None,
    Additive,
    Damped,
}

/// <summary>The seasonal component of an ETS model.</summary>
internal enum EtsSeason
{
    None,
    Additive,
    Multiplicative,
}

/// <summary>An ETS model form, written as in Hyndman et al. (2008): ETS(A,Ad,N) etc.</summary>
internal readonly record struct EtsSpec(EtsError Error, EtsTrend Trend, EtsSeason Season)
{
    public override string ToString()
    {
        var e = Error == EtsError.Additive ? "A" : "M";
        var t = Trend switch { EtsTrend.None => "N", EtsTrend.Additive => "A", _ => "Ad" };
        var s = Season switch { EtsSeason.None => "N", EtsSeason.Additive => "A", _ => "M" };
        return $"ETS({e},{t},{s})";
    }
}
