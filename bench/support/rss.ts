/** Peak resident set size of this process so far, in MiB (maxRSS is reported in KiB). */
export const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
