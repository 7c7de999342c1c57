/**
 * The line shapes of whitespace-aligned command output: `ls -l` rows, `du` rows, and the header rows of tools whose
 * output is a padded table (ps, top, kubectl, docker, df, netstat/ss, npm outdated, pip list). Shared by the parser
 * and the detector so both agree on what counts.
 */

/**
 * One `ls -l` row: mode, links, owner, [group], size (or `major, minor` for devices), date, name. The date is either
 * `Mon DD HH:MM|YYYY` or ISO (`--time-style=long-iso|full-iso`); the name is the rest of the line after one space
 * (names may contain spaces and `-> target`). Every `\S+` is followed by a mandatory space, so backtracking is bounded.
 */
export const LS_ROW =
  /^([-bcdlpsDnwC?][-rwxsStTlL]{9}[.+@]?) +(\d+) +(\S+) +(?:(\S+) +)?(\d+, +\d+|\d[\d.,]*[KMGTPEZYkB]?) +([A-Z][a-z]{2} +\d{1,2}|\d{1,2} +[A-Z][a-z]{2}|\d{4}-\d\d-\d\d) +(\d{1,2}:\d\d(?::\d\d(?:\.\d+)?)?(?: [+-]\d{4})?|\d{4}) (.*)$/;
/** Cheap prefix test for the detector: the mode string and the link count. */
export const LS_PREFIX = /^[-bcdlpsDnwC?][-rwxsStTlL]{9}[.+@]? +\d+ /;
export const LS_TOTAL = /^total \d+(?:[.,]\d+)?[KMGTPE]?$/;
export const LS_COLUMNS = ['mode', 'links', 'owner', 'group', 'size', 'date', 'time', 'name'] as const;

/** `du` / `du -h`: a size, a tab, a path. */
export const DU_ROW = /^(\d+(?:[.,]\d+)?[KMGTPEkB]?)\t(\S.*)$/;
export const DU_COLUMNS = ['size', 'path'] as const;

/**
 * Header rows of tools whose cells (but the last) are single words: split by whitespace, which stays right when a
 * wide value (ps's VSZ, a long df device) pushes the rest of its row out of alignment. `Mounted on`-style names are
 * one column.
 */
export const TOKEN_HEADERS: readonly RegExp[] = [
  /^\s*USER +PID +%CPU +%MEM\b/, // ps aux
  /^\s*UID +PID +PPID\b/, // ps -ef
  /^\s*PID +TTY +(?:STAT +)?TIME +CMD\b/, // ps
  /^\s*PID +USER +PR +NI\b/, // top -bn1
  /^Filesystem +(?:Size|Type|Inodes|\d*[KM]?-?blocks)\b/, // df
  /^Package +Current +Wanted +Latest\b/, // npm outdated
  /^Package +Version\b/, // pip list (followed by a dashed line)
];
export const MULTI_WORD_NAMES = /\b(?:Mounted on|Depended by)\b/g;

/** Header rows of tools that pad every column to its widest cell (cells may hold spaces or be empty). */
export const GAP_HEADERS: readonly RegExp[] = [
  /^NAME +READY +STATUS +RESTARTS +AGE\b/, // kubectl get pods
  /^NAMESPACE +NAME +\S/, // kubectl get … -A
  /^NAME +(?:TYPE +CLUSTER-IP|STATUS +ROLES|READY +UP-TO-DATE|DESIRED +CURRENT|STATUS +AGE|DATA +AGE|TYPE +DATA|CLASS +HOSTS|CAPACITY +ACCESS)\b/,
  /^CONTAINER ID +IMAGE\b/, // docker ps
  /^REPOSITORY +TAG +IMAGE ID\b/, // docker images
  /^NETWORK ID +NAME\b/,
  /^DRIVER +VOLUME NAME\b/,
  /^Proto +Recv-Q +Send-Q\b/, // netstat
  /^(?:Netid +)?State +Recv-Q +Send-Q\b/, // ss
];
/** pip list's `---------- -------` line under the header. */
export const DASH_RULE = /^-{2,}(?: +-{2,})+\s*$/;

/** Commands whose output is one of these tables (the command hint from a Bash tool call). */
export const COLUMNAR_COMMAND =
  /^(?:sudo\s+)?(?:ls\b|ps\b|top\s+-b|kubectl\s+(?:-\S+\s+)*get\b|docker\s+(?:ps|images|container\s+ls|image\s+ls|network\s+ls|volume\s+ls)\b|df\b|du\b|netstat\b|ss\b|npm\s+outdated\b|pip3?\s+list\b)/;

/** 'tokens' or 'gaps' for a known header row (how its rows split into cells), else null. */
export function headerKind(line: string): 'tokens' | 'gaps' | null {
  for (const re of TOKEN_HEADERS) if (re.test(line)) return 'tokens';
  for (const re of GAP_HEADERS) if (re.test(line)) return 'gaps';
  return null;
}
