/** English function words plus the filler of agent prompts; they carry no signal for choosing rows or lines. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below between both ' +
    'but by can could did do does doing down during each few for from further had has have having he her here hers ' +
    'him his how i if in into is it its itself just let me more most my myself of off on once only or other our ours ' +
    'out over own same she should so some such than that the their theirs them then there these they this those ' +
    'through to too under until up very was we were what when where which while who whom why will with would you ' +
    'your yours please show tell find give get list look see check explain summarize summarise describe use using ' +
    'happened happen cause caused file files output result results line lines thing things also via does did'
  ).split(' '),
);
