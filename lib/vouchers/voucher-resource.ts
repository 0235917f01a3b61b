// Audit resources of vouchers (Sippy has none of its own: these follow its
// "<table>:<id name>=N" habit).
export const voucherBatchResource = (id: number) => `voucher_batches:i_batch=${id}`;
export const voucherResource = (number: string) => `vouchers:voucher_id=${number}`;
