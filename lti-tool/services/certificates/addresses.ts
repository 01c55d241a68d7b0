/** The public addresses of certificates and of the badge issuer, from the tool's PUBLIC_URL. */
export const certificateAddresses = (publicUrl: string) => {
  const root = publicUrl.replace(/\/+$/, '');
  const issuer = `${root}/badges/issuer`;
  return {
    verify: (code: string) => `${root}/verify/${encodeURIComponent(code)}`,
    verifyJson: (code: string) => `${root}/verify/${encodeURIComponent(code)}.json`,
    issuer,
    keys: `${root}/badges/keys`,
    keyId: (thumbprint: string) => `${issuer}#key-${thumbprint}`,
    achievement: (networkId: number) => `${root}/badges/achievements/network-${networkId}`,
  };
};
