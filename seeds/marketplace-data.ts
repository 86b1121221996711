/**
 * The demo marketplace's shops, products and vouchers: five approved shops with twelve products each, and one shop
 * waiting for review. Prices are whole rupiah.
 */
export interface ProductTemplate {
  readonly title: string;
  readonly category: string;
  readonly price: number;
  /** Option name and values; a variant per value (at most one option in the demo). */
  readonly option?: readonly [string, readonly string[]];
  /** Struck-through price, whole rupiah. */
  readonly compareAt?: number;
}

/** A shop voucher, valid from 30 days before the seed to 30 days after; amounts in whole rupiah. */
export interface VoucherTemplate {
  readonly code: string;
  readonly name: string;
  readonly off: { readonly percent: number; readonly maximum?: number } | { readonly amount: number };
  readonly minimumSpend: number;
  readonly usageLimit: number;
  readonly perBuyerLimit: number;
}

export interface ShopSeed {
  readonly owner: { name: string; email: string };
  readonly name: string;
  readonly handle: string;
  readonly city: string;
  readonly province: string;
  readonly postalCode: string;
  readonly description: string;
  readonly approved: boolean;
  readonly products: readonly ProductTemplate[];
  readonly vouchers: readonly VoucherTemplate[];
}

const sizes = ['S', 'M', 'L', 'XL'] as const;

export const shopSeeds: readonly ShopSeed[] = [
  {
    owner: { name: 'Budi Santoso', email: 'budi@kedai.test' },
    name: 'Toko Budi',
    handle: 'toko-budi',
    city: 'Pekalongan',
    province: 'Jawa Tengah',
    postalCode: '51111',
    description: 'Batik tulis dan cap langsung dari pengrajin Pekalongan sejak 1998.',
    approved: true,
    vouchers: [
      { code: 'BATIKHEMAT', name: 'Hemat Batik 10%', off: { percent: 10, maximum: 25_000 }, minimumSpend: 150_000, usageLimit: 200, perBuyerLimit: 2 },
      { code: 'BUDIONGKIR', name: 'Potongan Ongkir', off: { amount: 10_000 }, minimumSpend: 100_000, usageLimit: 50, perBuyerLimit: 1 },
    ],
    products: [
      { title: 'Kemeja Batik Parang Lengan Panjang', category: 'batik-pria', price: 189_000, compareAt: 249_000, option: ['Ukuran', sizes] },
      { title: 'Kemeja Batik Mega Mendung Slimfit', category: 'batik-pria', price: 175_000, option: ['Ukuran', sizes] },
      { title: 'Batik Tulis Kawung Premium', category: 'batik-pria', price: 450_000, option: ['Ukuran', ['M', 'L', 'XL']] },
      { title: 'Kemeja Batik Truntum Lengan Pendek', category: 'batik-pria', price: 139_000, option: ['Ukuran', sizes] },
      { title: 'Dress Batik Sogan Midi', category: 'batik-wanita', price: 210_000, option: ['Ukuran', ['S', 'M', 'L']] },
      { title: 'Blouse Batik Lasem Kombinasi', category: 'batik-wanita', price: 159_000, option: ['Ukuran', ['S', 'M', 'L']] },
      { title: 'Kain Batik Cap Motif Sekar Jagad 2 Meter', category: 'batik-wanita', price: 95_000 },
      { title: 'Outer Batik Kimono Encim', category: 'batik-wanita', price: 129_000, compareAt: 165_000 },
      { title: 'Kemeja Flanel Kotak Pria', category: 'kemeja', price: 119_000, option: ['Warna', ['Merah', 'Hijau', 'Biru']] },
      { title: 'Kemeja Oxford Basic Lengan Panjang', category: 'kemeja', price: 149_000, option: ['Warna', ['Putih', 'Biru Muda']] },
      { title: 'Kaos Polos Cotton Combed 30s', category: 'kaos', price: 49_000, option: ['Warna', ['Hitam', 'Putih', 'Navy', 'Abu']] },
      { title: 'Kaos Kerah Polo Pique', category: 'kaos', price: 89_000, option: ['Ukuran', sizes] },
    ],
  },
  {
    owner: { name: 'Dewi Lestari', email: 'dewi@kedai.test' },
    name: 'Dewi Hijab',
    handle: 'dewi-hijab',
    city: 'Bandung',
    province: 'Jawa Barat',
    postalCode: '40115',
    description: 'Hijab dan gamis adem untuk sehari-hari. Live tiap malam jam 8!',
    approved: true,
    vouchers: [
      { code: 'HIJABHEMAT', name: 'Hemat Rp15.000', off: { amount: 15_000 }, minimumSpend: 100_000, usageLimit: 100, perBuyerLimit: 2 },
      { code: 'DEWILIVE', name: 'Promo Live 20%', off: { percent: 20, maximum: 30_000 }, minimumSpend: 200_000, usageLimit: 30, perBuyerLimit: 1 },
    ],
    products: [
      { title: 'Hijab Segi Empat Voal Motif', category: 'hijab', price: 45_000, option: ['Warna', ['Dusty Pink', 'Sage', 'Mocca', 'Hitam']] },
      { title: 'Pashmina Plisket Ceruty', category: 'hijab', price: 39_000, option: ['Warna', ['Cream', 'Navy', 'Maroon']] },
      { title: 'Bergo Instan Jersey Premium', category: 'hijab', price: 35_000, compareAt: 50_000, option: ['Warna', ['Hitam', 'Army', 'Milo']] },
      { title: 'Hijab Paris Premium Polos', category: 'hijab', price: 25_000, option: ['Warna', ['Putih', 'Hitam', 'Denim']] },
      { title: 'Gamis Syari Katun Rayon', category: 'gamis', price: 250_000, option: ['Ukuran', ['M', 'L', 'XL']] },
      { title: 'Gamis Set Khimar Wolfis', category: 'gamis', price: 189_000, compareAt: 259_000, option: ['Ukuran', ['M', 'L', 'XL']] },
      { title: 'Abaya Turkey Bordir', category: 'gamis', price: 320_000, option: ['Ukuran', ['M', 'L']] },
      { title: 'Tunik Linen Kancing Depan', category: 'atasan-wanita', price: 115_000, option: ['Ukuran', ['S', 'M', 'L']] },
      { title: 'Baju Koko Kurta Anak', category: 'baju-koko', price: 85_000, option: ['Ukuran', ['4', '6', '8', '10']] },
      { title: 'Baju Koko Pria Lengan Panjang Bordir', category: 'baju-koko', price: 165_000, option: ['Ukuran', sizes] },
      { title: 'Mukena Travel Parasut', category: 'gamis', price: 99_000, option: ['Warna', ['Lilac', 'Sage', 'Abu']] },
      { title: 'Inner Ninja Rajut', category: 'hijab', price: 15_000, option: ['Warna', ['Hitam', 'Putih', 'Cream']] },
    ],
  },
  {
    owner: { name: 'Rina Wijaya', email: 'rina@kedai.test' },
    name: 'Glow by Rina',
    handle: 'glow-by-rina',
    city: 'Surabaya',
    province: 'Jawa Timur',
    postalCode: '60271',
    description: 'Skincare dan makeup lokal BPOM, original 100%.',
    approved: true,
    vouchers: [{ code: 'GLOWSERU', name: 'Glow Seru 15%', off: { percent: 15, maximum: 20_000 }, minimumSpend: 100_000, usageLimit: 100, perBuyerLimit: 1 }],
    products: [
      { title: 'Serum Niacinamide 10% 20ml', category: 'skincare', price: 79_000, compareAt: 99_000 },
      { title: 'Sunscreen Gel SPF 50 PA++++', category: 'skincare', price: 65_000 },
      { title: 'Toner Centella Hydrating 150ml', category: 'skincare', price: 89_000 },
      { title: 'Moisturizer Ceramide Barrier', category: 'skincare', price: 95_000 },
      { title: 'Facial Wash Low pH 100ml', category: 'skincare', price: 49_000 },
      { title: 'Clay Mask Kaolin 50g', category: 'skincare', price: 59_000 },
      { title: 'Lip Cream Matte Transferproof', category: 'makeup', price: 45_000, option: ['Shade', ['01 Nude', '02 Rose', '03 Brick', '04 Mauve']] },
      { title: 'Cushion Foundation Dewy', category: 'makeup', price: 129_000, option: ['Shade', ['Ivory', 'Natural', 'Sand']] },
      { title: 'Eyeliner Spidol Waterproof', category: 'makeup', price: 39_000 },
      { title: 'Blush On Stick Cream', category: 'makeup', price: 55_000, option: ['Shade', ['Peach', 'Coral', 'Berry']] },
      { title: 'Setting Spray Long Lasting', category: 'makeup', price: 69_000 },
      { title: 'Micellar Water Gentle 200ml', category: 'skincare', price: 42_000 },
    ],
  },
  {
    owner: { name: 'Agus Setiawan', email: 'agus@kedai.test' },
    name: 'Gadget Agus',
    handle: 'gadget-agus',
    city: 'Jakarta Barat',
    province: 'DKI Jakarta',
    postalCode: '11470',
    description: 'Aksesoris HP dan audio bergaransi. Kirim cepat dari Jakarta.',
    approved: true,
    vouchers: [{ code: 'GADGETHEMAT', name: 'Hemat Gadget', off: { amount: 25_000 }, minimumSpend: 250_000, usageLimit: 50, perBuyerLimit: 1 }],
    products: [
      { title: 'TWS Earbuds Bluetooth 5.3 ANC', category: 'audio', price: 299_000, compareAt: 399_000, option: ['Warna', ['Hitam', 'Putih']] },
      { title: 'Speaker Bluetooth Mini Bass', category: 'audio', price: 149_000, option: ['Warna', ['Hitam', 'Biru', 'Merah']] },
      { title: 'Headphone Gaming RGB', category: 'audio', price: 259_000 },
      { title: 'Charger GaN 65W 3 Port', category: 'aksesoris-hp', price: 229_000 },
      { title: 'Kabel Data USB-C to USB-C 100W 1m', category: 'aksesoris-hp', price: 49_000 },
      { title: 'Powerbank 20000mAh Fast Charging', category: 'aksesoris-hp', price: 239_000, option: ['Warna', ['Hitam', 'Putih']] },
      { title: 'Tempered Glass Full Cover', category: 'aksesoris-hp', price: 25_000, option: ['Tipe', ['iPhone 15', 'Galaxy A55', 'Redmi Note 13']] },
      { title: 'Casing HP Silikon Soft Case', category: 'aksesoris-hp', price: 29_000, option: ['Tipe', ['iPhone 15', 'Galaxy A55', 'Redmi Note 13']] },
      { title: 'Holder HP Motor Anti Getar', category: 'aksesoris-hp', price: 79_000 },
      { title: 'Ring Light 10 inch dengan Tripod', category: 'aksesoris-hp', price: 135_000 },
      { title: 'Mic Clip On Wireless untuk Live', category: 'audio', price: 189_000 },
      { title: 'Smartwatch Layar AMOLED', category: 'aksesoris-hp', price: 449_000, option: ['Warna', ['Hitam', 'Silver']] },
    ],
  },
  {
    owner: { name: 'Wulan Sari', email: 'wulan@kedai.test' },
    name: 'Dapur Wulan',
    handle: 'dapur-wulan',
    city: 'Yogyakarta',
    province: 'DI Yogyakarta',
    postalCode: '55281',
    description: 'Camilan rumahan dan kopi nusantara, dibuat fresh setiap hari.',
    approved: true,
    vouchers: [{ code: 'NGEMIL', name: 'Ngemil Hemat', off: { amount: 5_000 }, minimumSpend: 50_000, usageLimit: 300, perBuyerLimit: 3 }],
    products: [
      { title: 'Keripik Singkong Balado 250g', category: 'camilan', price: 18_000, option: ['Level', ['Original', 'Pedas', 'Extra Pedas']] },
      { title: 'Basreng Pedas Daun Jeruk 200g', category: 'camilan', price: 22_000 },
      { title: 'Makaroni Bantat Kriuk 250g', category: 'camilan', price: 15_000, option: ['Rasa', ['Balado', 'Keju', 'Jagung Bakar']] },
      { title: 'Bakpia Kacang Hijau isi 20', category: 'camilan', price: 45_000 },
      { title: 'Sambal Roa Manado 150g', category: 'dapur', price: 38_000 },
      { title: 'Rendang Daging Sapi Kemasan 250g', category: 'dapur', price: 89_000 },
      { title: 'Kopi Gayo Arabika 250 gram', category: 'kopi-teh', price: 95_000, option: ['Gilingan', ['Biji', 'Kasar', 'Halus']] },
      { title: 'Kopi Toraja Kalosi 200 gram', category: 'kopi-teh', price: 85_000 },
      { title: 'Teh Tarik Sachet isi 10', category: 'kopi-teh', price: 27_000 },
      { title: 'Wedang Uwuh Jahe Rempah', category: 'kopi-teh', price: 25_000 },
      { title: 'Kopi Susu Gula Aren Literan 1L', category: 'kopi-teh', price: 65_000 },
      { title: 'Kue Lidah Kucing Toples 500g', category: 'camilan', price: 55_000 },
    ],
  },
  {
    owner: { name: 'Joko Susilo', email: 'joko@kedai.test' },
    name: 'Kopi Joko',
    handle: 'kopi-joko',
    city: 'Malang',
    province: 'Jawa Timur',
    postalCode: '65145',
    description: 'Roastery kecil dari Malang. Menunggu verifikasi.',
    approved: false,
    vouchers: [],
    products: [],
  },
];

export const reviewTexts: readonly [number, string][] = [
  [5, 'Barang sesuai deskripsi, pengiriman cepat. Mantap!'],
  [5, 'Bahannya adem dan jahitannya rapi, bakal order lagi.'],
  [4, 'Bagus, cuma warnanya sedikit beda dari foto.'],
  [5, 'Seller ramah, packing aman pakai bubble wrap.'],
  [3, 'Lumayan untuk harga segini, pengiriman agak lama.'],
  [4, 'Kualitas oke, ukurannya pas.'],
  [2, 'Ukuran kekecilan, tapi seller responsif.'],
  [5, 'Original, sudah dicek kode BPOM-nya. Recommended!'],
];
