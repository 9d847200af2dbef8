using Vigil.Core.Signals;

namespace Vigil.Core.Storage;

/// <summary>Operators' verdicts on signals; every verdict is kept, newest last.</summary>
public interface ISignalFeedbackStore
{
    /// <summary>Records a verdict.</summary>
    Task AddAsync(SignalFeedback feedback, CancellationToken cancellationToken = default);

    /// <summary>The verdicts on one signal, oldest first.</summary>
    Task<IReadOnlyList<SignalFeedback>> ForSignalAsync(string fingerprint, DateTimeOffset start, CancellationToken cancellationToken = default);
}
