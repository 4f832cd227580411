// Sharing the API and the UI with the other laptops of the office: off by default, on one interface's
// address and a port, over HTTPS with this installation's own certificate.

export const defaultNetworkPort = 8765;
export const networkPortRange = { min: 1024, max: 65535 } as const;
