import QRCode from 'qrcode';

/** A QR code as an SVG document, drawn here so the page makes no request elsewhere. */
export function qrCodeSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
