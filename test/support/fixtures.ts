/** Input values tests share. */
export const jakartaAddress = {
  recipientName: 'Siti',
  phone: '081234567890',
  line1: 'Jl. Kemang Raya No. 12',
  district: 'Mampang Prapatan',
  city: 'Jakarta Selatan',
  province: 'DKI Jakarta',
  postalCode: '12730',
};
