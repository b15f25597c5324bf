/** One sample of a Prometheus text exposition, e.g. `metric{label="x"}`; 0 when absent. */
export const sampleOf = (exposition: string, series: string) => {
  const line = exposition.split('\n').find((entry) => entry.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
};

/** The sum of every series of a metric whose labels include all the given ones. */
export const sumOf = (exposition: string, metric: string, labels: Record<string, string>) =>
  exposition
    .split('\n')
    .filter((line) => line.startsWith(`${metric}{`))
    .filter((line) =>
      Object.entries(labels).every(([name, value]) => line.includes(`${name}="${value}"`)),
    )
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);

export const scrape = async (baseUrl: string) => {
  const response = await fetch(`${baseUrl}/metrics`);
  if (!response.ok) throw new Error(`GET ${baseUrl}/metrics answered ${String(response.status)}`);
  return response.text();
};
