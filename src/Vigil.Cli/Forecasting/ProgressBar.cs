namespace Vigil.Cli.Forecasting;

/// <summary>A one-line progress bar on stderr, redrawn when the shown percentage changes (thread-safe).</summary>
internal sealed class ProgressBar(string label, int total)
{
    private const int Width = 30;
    private readonly Lock _gate = new();
    private int _shown = -1;

    public void Report(int done)
    {
        var percent = total == 0 ? 100 : (int)(100L * done / total);
        lock (_gate)
        {
            if (percent <= _shown)
            {
                return;
            }
            _shown = percent;
            var filled = percent * Width / 100;
            Console.Error.Write($"\r{label} [{new string('#', filled)}{new string('.', Width - filled)}] {done}/{total}");
            if (done >= total)
            {
                Console.Error.WriteLine();
            }
        }
    }
}
