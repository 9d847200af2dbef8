namespace Vigil.Cli;

/// <summary>A one-line progress bar on stderr: <c>nab [#####.....] 12/41</c>. Thread-safe; redraws in place.</summary>
internal sealed class ProgressBar(TextWriter writer, int total, string label) : IProgress<int>, IDisposable
{
    private const int Width = 30;
    private readonly Lock _lock = new();
    private int _done;
    private bool _finished;

    public void Report(int value)
    {
        lock (_lock)
        {
            if (_finished || value < _done)
            {
                return;
            }
            _done = value;
            var filled = total == 0 ? Width : value * Width / total;
            writer.Write($"\r{label} [{new string('#', filled)}{new string('.', Width - filled)}] {value}/{total}");
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (!_finished)
            {
                _finished = true;
                writer.WriteLine();
            }
        }
    }
}
