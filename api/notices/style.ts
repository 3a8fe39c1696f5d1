/** The print stylesheet of the 整改通知单: both parts on one A4 sheet (e2e/loop counts the PDF's pages), cut along the dashed line. */
export const NOTICE_CSS = `
@page { size: A4 portrait; margin: 10mm 15mm; }
* { box-sizing: border-box; }
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; color: #000; margin: 0; font-size: 10.5pt; }
.sheet { width: 180mm; margin: 0 auto; }
.part { page-break-inside: avoid; break-inside: avoid; padding: 1mm 0; }
h1 { font-size: 15pt; text-align: center; margin: 0 0 1mm; letter-spacing: 2pt; }
h2 { font-size: 11pt; text-align: center; margin: 0 0 1mm; font-weight: normal; }
.no { text-align: right; margin-bottom: 1mm; }
table { width: 100%; border-collapse: collapse; }
td, th { border: 0.3mm solid #000; padding: 0.9mm 2mm; vertical-align: top; text-align: left; }
th { width: 24mm; font-weight: normal; background: #f2f2f2; white-space: nowrap; }
.figs { display: flex; gap: 3mm; }
.figs figure { margin: 0; flex: 1; }
.figs svg, .figs img { width: 100%; height: 40mm; object-fit: contain; border: 0.3mm solid #000; display: block; }
figcaption { font-size: 8pt; text-align: center; }
.cut { border-top: 0.4mm dashed #000; margin: 4mm 0 3mm; text-align: center; font-size: 8pt; line-height: 0; }
.cut span { background: #fff; padding: 0 2mm; }
.box { display: inline-block; width: 3.5mm; height: 3.5mm; border: 0.3mm solid #000; margin-right: 1mm; vertical-align: -0.5mm; }
.sign td { height: 10mm; }
.seal { height: 22mm; vertical-align: bottom; text-align: right; color: #555; font-size: 9pt; }
.print { position: fixed; top: 2mm; right: 4mm; margin: 0; font-size: 9pt; color: #555; }
@media print { .print { display: none; } }
@media screen { body { background: #ddd; } .sheet { background: #fff; padding: 10mm; margin: 6mm auto; } }
`
