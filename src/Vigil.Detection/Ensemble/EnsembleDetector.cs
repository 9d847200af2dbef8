using Vigil.Detection.Internal;
using Vigil.Detection.Robust;
using Vigil.Detection.Seasonal;

namespace Vigil.Detection.Ensemble;

/// <summary>
/// Vigil's default detector. Eight models look at each point:
/// <list type="bullet">
/// <item>robust windowed statistics: distance from the recent median in IQR units (spikes, dips, onsets);</item>
/// <item>a seasonal profile with automatic period detection: distance from the expected value at this phase (pattern breaks);</item>
/// <item>the long-horizon range: distance outside the usual [1 %, 99 %] band of the last 4 000 points (excursions the
/// recent window has normalised);</item>
/// <item>record-breaking: distance beyond the series' extremes so far, weighted by how often the series breaks records;</item>
/// <item>spike density: at least four separate rare spikes within 16 points, more than the series has ever shown
/// (<see cref="SpikeDensityModel"/>: spikes that each look ordinary arriving faster);</item>
/// <item>hour of day: a run of residuals from the expected value at this hour, with or without a detected period
/// (<see cref="HourOfDayModel"/>: a night that looks like a day);</item>
/// <item>excursion duration: a run of points off the usual level (robust or range tail under 2.5 %, and the seasonal
/// tail under 5 % once there is a period) longer than any the series has shown (<see cref="ExcursionModel"/>: a burst
/// that does not end, a drop that holds, each point of it marginal);</item>
/// <item>hourly level: the median of the last four hourly means against the series' levels of the last four days,
/// judged once an hour (<see cref="HourlyLevelModel"/>: a collective anomaly, e.g. an idle series busy for hours,
/// where no single point is rare).</item>
/// </list>
/// The robust, seasonal, range, hour-of-day and hourly-level surprises are calibrated into tail probabilities over the series' own recent surprises
/// (<see cref="TailCalibrator"/>: the more cautious of a parametric and an empirical tail); the record, density and
/// excursion models yield their own. The ensemble takes the smallest probability,
/// Bonferroni-corrected (×4 for the first three calibrated models, ×5 for the hour-of-day and hourly-level models, ×3 for the record,
/// density and excursion rates), as evidence −log₁₀ p; marginal evidence (2–3 decades) that rests on the robust or range model
/// alone, every other model under 1.5 decades, is scaled by 0.8 (a lone marginal surprise is what most false alarms
/// are); evidence
/// that the same phase of the period carried on earlier cycles is discounted (<see cref="PhaseEcho"/>: the
/// nightly cron spike), and so is evidence that the same time of day carried on earlier days when the detected
/// period is not a day (none, or one the period detector wandered to: a daily job on a series whose daily cycle
/// the autocorrelation does not pick out); evidence counts only as far as it is rare among the series' own past evidence (a
/// <see cref="HistogramCalibrator"/> over 8 000 points: a spiky series must beat its own usual alarms), and the
/// rest is scaled to [0, 1]. During the series' first four days evidence is lowered by up to 0.8 decades before that
/// calibrator, fading linearly with age: a young series has not shown its daily routine yet, so its first nightly job
/// or busy hour is news to every model. Evidence for a value above its hour of day's mean but within 1.4 times the
/// largest excess that hour has carried (<see cref="HourOfDayModel.WithinPeak"/>) is scaled by 0.8: the nightly job
/// that drifts within its hour, the busy hour of a bursty series, a height this clock hour has shown before.
/// A refractory bar keeps one anomaly from being reported again and again: after a report, only a clearly
/// stronger score gets through, and the bar decays.
/// </summary>
/// <remarks>
/// State per series is bounded (see <see cref="StateBytes"/>, 16 317 bytes, under 16 KiB, whatever the sampling rate) and every
/// update is O(window) at worst: two binary searches and copies in the sorted windows, the rest O(1), plus an
/// autocorrelation over 400 hourly buckets every 12–48 buckets.
/// </remarks>
public sealed class EnsembleDetector : IStreamingDetector
{
    private const byte Kind = 1;
    private const byte Version = 11;
    private const int Models = 4;
    private const double HourCorrection = 5; // a fifth calibrated model (NAB: 4–6 within 0.05; 3 costs AWS 2.5 points, 10 and above do nothing)
    private const double LevelCorrection = 5; // the hourly level, judged once an hour (NAB: 4–12 within 0.15)
    private const double DensityCorrection = 3; // like the record model, its tail is the series' own record rate
    private const double ExcursionCorrection = 3; // a duration record, weighted like the record and density rates (NAB: 2 level, 5 −0.4, 10 loses a window)
    private const double RecordCorrection = 3; // the record tail is the series' own per-point record rate: a lighter correction than the calibrated models' (NAB: flat from 2.5 to 3.2, +2 over 4)
    private const int EvidenceMemory = 8000;
    private const int RangeCapacity = 800; // at a stride of 5: the last 4 000 points, two weeks at 5 minutes; the 99 % quantile is the 8th-largest of 800 values, not the 3rd of 256
    private const int RangeStride = 5;
    private const double LoneBandLow = 2; // the marginal band, in decades of corrected tail probability, where a lone model is discounted
    private const double LoneBandHigh = 3; // above it a single model is trusted (3.5: within 0.1 on NAB)
    private const double LoneSecondDecades = 1.5; // "alone": every other model under 1.5 decades (NAB: 1.25–1.75 within 0.3; 2 loses windows)
    private const double LoneFactor = 0.8; // 2–3 decades become 1.6–2.4 (NAB: 0.75–0.85 within 0.2; 0.6 loses windows)
    private const double YoungDays = 4; // the early-life discount fades to nothing over 4 days (NAB standard, salts 1–16 / 17–32: none 73.26 / 73.52; 3.5 d 73.46 / 73.61; 4 d 73.68 / 73.84; 4.5 d 73.79 / 73.57, windows lost)
    private const double YoungDecades = 0.8; // evidence lowered by 0.8 decades at the first point (NAB: 0.6 / 1.2 → 73.63 / 73.68 on salts 1–16, 73.82 / 73.54 on 17–32)
    private const double SeenHourFactor = 0.8; // evidence within the hour's peak (NAB, mean of 16 draws: 0.75 loses an artificial window, 0.85 +0.2 standard less)
    private const double DailyEchoFloor = 2; // daily recurrences from 2 decades, the lone discount's band (NAB, mean of 16 draws: 3 → 2 +0.3 standard, 1.75 level, 1.5 loses AdExchange windows)

    private readonly EnsembleOptions _options;
    private readonly RobustModel _robust;
    private readonly SeasonalModel _seasonal = new();
    private readonly RangeModel _range;
    private readonly RecordModel _record;
    private readonly SpikeDensityModel _density = new();
    private readonly ExcursionModel _excursion = new();
    private readonly HourOfDayModel _hour = new();
    private readonly TailCalibrator _hourTail;
    private readonly HourlyLevelModel _level = new();
    private readonly TailCalibrator _levelTail;
    private readonly PhaseEcho _echo = new(floor: 1.5, wide: true); // the daily echo stays narrow (±4 bins there lost AdExchange 13 points)
    private readonly PhaseEcho _dailyEcho = new(floor: DailyEchoFloor, earlierCyclesOnly: true); // both echoes so: −0.7 (the period's echo also works as a refractory bar)
    private readonly TailCalibrator _robustTail;
    private readonly TailCalibrator _seasonalTail;
    private readonly TailCalibrator _rangeTail;
    private readonly HistogramCalibrator _evidenceTail = new(EvidenceMemory);
    private readonly double _barDecay;
    private long _points;
    private long _firstTicks;
    private double _bar;
    private double _lastExpected;

    /// <summary>A detector with the default options.</summary>
    public EnsembleDetector()
        : this(new EnsembleOptions())
    {
    }

    /// <summary>A detector with <paramref name="options"/>.</summary>
    public EnsembleDetector(EnsembleOptions options)
        : this(options, samplingSalt: 0)
    {
    }

    /// <summary>
    /// A detector whose long-range model samples other points (<paramref name="samplingSalt"/> ≠ 0): for measuring how
    /// much a score owes to which points happened to be sampled. Production always uses 0.
    /// </summary>
    internal EnsembleDetector(EnsembleOptions options, ulong samplingSalt)
    {
        _range = new RangeModel(RangeCapacity, RangeStride, samplingSalt * 7919);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Validate();
        _robust = new RobustModel(options.Window);
        _record = new RecordModel(options.RecordMemory);
        _robustTail = new TailCalibrator(options.CalibrationMemory, options.TailSigmas);
        _seasonalTail = new TailCalibrator(options.CalibrationMemory, options.TailSigmas);
        _rangeTail = new TailCalibrator(options.CalibrationMemory, options.TailSigmas);
        _hourTail = new TailCalibrator(options.CalibrationMemory, options.TailSigmas);
        _levelTail = new TailCalibrator(options.CalibrationMemory, options.TailSigmas);
        _barDecay = Math.Exp(-1.0 / options.RefractoryPoints);
    }

    /// <summary>Each model's tail probability for the last point (diagnostics).</summary>
    internal (double Robust, double Seasonal, double Range, double Record) LastTails { get; private set; }

    /// <inheritdoc />
    public string Name => DetectorCatalog.Default;

    /// <summary>Bytes of learned state per series: what <see cref="WriteState"/> writes, give or take a few header bytes.</summary>
    public int StateBytes => _robust.StateBytes + SeasonalModel.StateBytes + _range.StateBytes + RecordModel.StateBytes + SpikeDensityModel.StateBytes + ExcursionModel.StateBytes + HourOfDayModel.StateBytes
        + _level.StateBytes + _echo.StateBytes + _dailyEcho.StateBytes + (5 * TailCalibrator.StateBytes) + HistogramCalibrator.StateBytes + 32;

    /// <summary>The seasonal period found so far, or <see cref="TimeSpan.Zero"/>.</summary>
    public TimeSpan Period => TimeSpan.FromTicks(_seasonal.Period);

    /// <inheritdoc />
    public DetectionResult Update(DateTime timestamp, double value)
    {
        if (!double.IsFinite(value))
        {
            return DetectionResult.Unknown(_lastExpected);
        }
        var robust = _robust.Observe(value);
        var seasonal = _seasonal.Observe(timestamp.Ticks, value);
        var hour = _hour.Observe(timestamp.Ticks, value);
        if (_points++ == 0)
        {
            _firstTicks = timestamp.Ticks;
        }
        if (!robust.Ready)
        {
            _lastExpected = robust.Expected;
            return DetectionResult.Unknown(robust.Expected);
        }

        var pRobust = _robustTail.Observe(robust.Value);
        var pSeasonal = seasonal.Ready ? _seasonalTail.Observe(seasonal.Value) : 1;
        var pRange = _rangeTail.Observe(_range.Observe(value));
        var pHour = hour.Ready ? _hourTail.Observe(hour.Value) : 1;
        var level = _level.Observe(timestamp.Ticks, value, robust.Expected, robust.Scale);
        var pLevel = level.Ready ? _levelTail.Observe(level.Value) : 1;
        var pRecord = _record.TailProbability(_record.Observe(value, robust.Expected), _options.RecordScale);
        LastTails = new(pRobust, pSeasonal, pRange, pRecord);
        var pDensity = _density.Observe(pRobust);
        var off = Math.Min(pRobust, pRange) < ExcursionModel.OffTail && (!seasonal.Ready || pSeasonal < ExcursionModel.SeasonalOffTail);
        var pExcursion = _excursion.Observe(off, value >= robust.Expected ? 1 : -1, _points, scoring: _points > _options.WarmUpPoints);
        Span<double> corrected = stackalloc double[CorrectedTails];
        Correct(corrected, pRobust, pSeasonal, pRange, pRecord, pDensity, pHour, pExcursion, pLevel);
        var winner = Winner(corrected);
        var decades = Decades(corrected[winner]);
        if (decades >= LoneBandLow && decades < LoneBandHigh)
        {
            decades *= LoneDiscount(corrected, winner);
        }
        if (_hour.WithinPeak && winner is not (DensityTail or ExcursionTail or LevelTail))
        {
            // No higher than this clock hour has been before (1.4 × its peak excess): the nightly job that drifts
            // through its hour, the busy hour of a bursty series. A new height, or a value below its hour's mean, is
            // not discounted, nor evidence about something other than height: spikes arriving faster, a run that
            // lasts longer, an hour-long level.
            decades *= SeenHourFactor;
        }
        var evidence = _echo.Discount(timestamp.Ticks, _seasonal.Period, _seasonal.Interval, decades);
        // The daily echo learns whatever the period detector says (it flaps on real series: 24 h → 48 h → none →
        // 5 h) and counts only when the period in use is not a day, where the echo above would repeat it; learning
        // through the warm-up and then discounting a daily series' own pattern break loses artificial windows.
        var daily = _dailyEcho.Discount(timestamp.Ticks, TimeSpan.TicksPerDay, _seasonal.Interval, decades);
        if (_seasonal.Period != TimeSpan.TicksPerDay)
        {
            evidence = Math.Min(evidence, daily);
        }
        // Early life: for its first days a series has not yet shown its daily routine (the hour-of-day model needs three
        // visits of each hour, the daily echo an earlier day, the period detector two days), so its first nightly job
        // or busy hour is news to every model. Evidence is lowered by up to 0.8 decades, fading to nothing over 4 days;
        // in days, not points: an hourly series is past it by the end of its warm-up, a 15-second series is not. It is
        // lowered before the evidence calibrator, so marginal evidence drops under the threshold while strong evidence
        // stays capped only by the series' own past evidence (after the calibrator: +0.07 standard on NAB, but a
        // repeated tenfold spike on a two-hour-old series no longer alerted).
        evidence -= YoungDecades * Math.Max(0, 1 - (Math.Max(timestamp.Ticks - _firstTicks, 0) / (YoungDays * TimeSpan.TicksPerDay)));
        // A series whose ensemble often says "rare" (spiky CPU) is held to its own record: evidence counts only as
        // far as it is rare among this series' past evidence. Below a quarter of the score scale nothing is
        // reported anyway, so the tail is only summed above it (≈ 35 ns a point saved). Nothing is learned during
        // the warm-up, while the models' own calibrators are still raw.
        if (_points > _options.WarmUpPoints)
        {
            evidence = Math.Min(evidence, Decades(_evidenceTail.Observe(evidence, query: evidence > _options.ScoreDecades / 4)));
        }
        var raw = Math.Clamp(evidence / _options.ScoreDecades, 0, 1);

        var fresh = raw > _bar * _options.RefractoryMargin;
        var score = fresh && _points > _options.WarmUpPoints ? raw : 0;
        _bar = fresh ? raw : _bar * _barDecay;

        var model = seasonal.Ready ? seasonal : robust;
        _lastExpected = model.Expected;
        return Calibration.Result(score, model, _options.BandWidth);
    }

    private static double Decades(double p) => -Math.Log10(Math.Clamp(p, 1e-300, 1));

    /// <summary>
    /// The factor on evidence in the marginal band when it rests on the robust or the range model alone: the
    /// winning (smallest corrected) tail is one of those two and every other model's corrected tail stays above
    /// 10^−<see cref="LoneSecondDecades"/>. A lone model that is marginally surprised is what most false alarms are;
    /// a window is usually seen by a second model as well, if only weakly, or is stronger than the band.
    /// </summary>
    internal static double LoneDiscount(double pRobust, double pSeasonal, double pRange, double pRecord, double pDensity, double pHour, double pExcursion = 1, double pLevel = 1)
    {
        Span<double> corrected = stackalloc double[CorrectedTails];
        Correct(corrected, pRobust, pSeasonal, pRange, pRecord, pDensity, pHour, pExcursion, pLevel);
        return LoneDiscount(corrected, Winner(corrected));
    }

    private const int CorrectedTails = 8;
    private const int DensityTail = 4;
    private const int ExcursionTail = 6;
    private const int LevelTail = 7;

    /// <summary>Each model's tail probability corrected for how many models look (Bonferroni-like), robust and range
    /// first: the ensemble's probability is the smallest of them.</summary>
    private static void Correct(Span<double> corrected, double pRobust, double pSeasonal, double pRange, double pRecord, double pDensity, double pHour, double pExcursion, double pLevel)
    {
        corrected[0] = Models * pRobust;
        corrected[1] = Models * pRange;
        corrected[2] = Models * pSeasonal;
        corrected[3] = RecordCorrection * pRecord;
        corrected[4] = DensityCorrection * pDensity;
        corrected[5] = HourCorrection * pHour;
        corrected[6] = ExcursionCorrection * pExcursion;
        corrected[7] = LevelCorrection * pLevel;
    }

    /// <summary>The index of the winning (smallest) corrected tail: the ensemble's probability.</summary>
    private static int Winner(ReadOnlySpan<double> corrected)
    {
        var best = 0;
        for (var i = 1; i < corrected.Length; i++)
        {
            if (corrected[i] < corrected[best])
            {
                best = i;
            }
        }
        return best;
    }

    private static double LoneDiscount(ReadOnlySpan<double> corrected, int best)
    {
        if (best > 1)
        {
            return 1; // seasonal, record, density, hour of day, excursion or hourly level: not discounted (NAB: −0.3 to −1.7 when they are)
        }
        var second = double.MaxValue;
        for (var i = 0; i < corrected.Length; i++)
        {
            if (i != best)
            {
                second = Math.Min(second, corrected[i]);
            }
        }
        return Decades(second) < LoneSecondDecades ? LoneFactor : 1;
    }

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        StateIO.WriteHeader(writer, Kind, Version);
        _robust.Write(writer);
        _seasonal.Write(writer);
        _range.Write(writer);
        _record.Write(writer);
        _density.Write(writer);
        _excursion.Write(writer);
        _hour.Write(writer);
        _level.Write(writer);
        _echo.Write(writer);
        _dailyEcho.Write(writer);
        _robustTail.Write(writer);
        _seasonalTail.Write(writer);
        _rangeTail.Write(writer);
        _hourTail.Write(writer);
        _levelTail.Write(writer);
        _evidenceTail.Write(writer);
        writer.Write(_points);
        writer.Write(_firstTicks);
        writer.Write(_bar);
        writer.Write(_lastExpected);
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        StateIO.ReadHeader(reader, Kind, Version);
        _robust.Read(reader);
        _seasonal.Read(reader);
        _range.Read(reader);
        _record.Read(reader);
        _density.Read(reader);
        _excursion.Read(reader);
        _hour.Read(reader);
        _level.Read(reader);
        _echo.Read(reader);
        _dailyEcho.Read(reader);
        _robustTail.Read(reader);
        _seasonalTail.Read(reader);
        _rangeTail.Read(reader);
        _hourTail.Read(reader);
        _levelTail.Read(reader);
        _evidenceTail.Read(reader);
        _points = reader.ReadInt64();
        _firstTicks = reader.ReadInt64();
        _bar = reader.ReadDouble();
        _lastExpected = reader.ReadDouble();
    }
}
