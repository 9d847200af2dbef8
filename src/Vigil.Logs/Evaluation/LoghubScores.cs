namespace Vigil.Logs.Evaluation;

/// <summary>The loghub accuracy figures of one parse, as logparser and loghub-2.0 compute them.</summary>
/// <param name="GroupingAccuracy">GA: the share of lines whose ground-truth group is reproduced exactly (same lines, nothing more).</param>
/// <param name="GroupingF1">FGA: F1 of the share of correct groups among parsed groups and among true groups.</param>
/// <param name="ParsingAccuracy">PA: the share of lines whose template text equals the ground truth.</param>
/// <param name="TemplateF1">FTA: F1 over templates that are grouped right and whose text is exactly right.</param>
public readonly record struct LoghubScores(double GroupingAccuracy, double GroupingF1, double ParsingAccuracy, double TemplateF1);
