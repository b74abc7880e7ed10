// Known answer for the start-up self-test: the 34×42 RGB pixels of ThreatExchange's
// pdq/data/misc-images/wee.jpg as decoded by the reference C++ (libjpeg-turbo), and the hash,
// quality and dihedral hashes the reference PDQ code computes from them (COMPUTED-CPP.tsv, fullres).
//
// Source: github.com/facebook/ThreatExchange (BSD licence, Copyright (c) 2014-present, Facebook,
// Inc.), commit baefb4ed67b6cdc1d4c82dbaef858d50866ac424; see THIRD_PARTY_NOTICES.md.
// test/unit/known-answer.test.ts checks these bytes against ../shared/pdq-vectors.

export const KNOWN_ANSWER_WIDTH = 34;
export const KNOWN_ANSWER_HEIGHT = 42;

/** RGB, 8 bits per sample, rows top to bottom. */
export const KNOWN_ANSWER_RGB_BASE64 =
  'iEoZiEobfkMXcz4cXTEWTioUSicRSScOQScQQCoVLh0LKh0MKBsKKRwLJxoJJBgIJBgAJhoCJxoJIRQEKx4NJhcCLh4EMCECMCAJ' +
  'MiAKNSEJOCILPSUNPyUOQSUNQSUNQygLTCcMik4phEYfgkQddkAcXjESTy0STTIXRSoPSCgPPCAINR8IMB4IMR8JKxkDLBoGLx0J' +
  'KhoLJRUGKRkKLR0NJhcEMB8NLhwILhwIMB4GMx8GNR8HOiIIPSMKQCUKQiQKQiQKQioQSSkQiFIki1EjjU8ghUceazURYDETYDQZ' +
  'Wy8UUi8TUjAUQCIIPCIJOSMLNyEKOCILNBwELhoRMh8RLBsJLx8ILh4FMiAKMx4LOCETNiIJNyMIOiUKPiYKQigNRSoNRykNSCsN' +
  'Ri0PSysSkk8ilFEkhkccfUcjYjYZXjogVzUaVTEXUy4TVDEVRSMHRSkRNR8INyUPOCMOOiELNB8MMR8JLR0GLh4FMiIILRwCOCIK' +
  'Nx8HNCMJNyMKOCQLPCcMQSkNQykORCsNRSoNSSsJUS8Ulk8hkk8kmF01o3JRaUAiXzYWYjIMZS8DVzMZUi4URSYKOiIKOCgYNioc' +
  'LyISNCMTMCAHMSINLB8PYlZINykcNSYTMyIINyQGMyMKNSMLNyUNPCgPPyoPQSwRRCwQRCwQSi0PWj4o5d7W//z2//75///9/fn4' +
  '//bwtZuOVzIfVjMdTiwRSysSPCcU9+3j/Pn0//z2xLqxSDwu593U//z6//v///z/+O/qeGpdMyQROSUNOSUNOycOPykRQysRRS0R' +
  'Ry0SRy0SRy8VloN0/P7/+/v//v//+///+f//+f//+Pr14d7VUzEYWDQaSykOPCcU+fXs/v///Pz8z8rG8+vo//38/v3//v///v//' +
  '//7///r3WU9GPyUMPyUKQicMRCkMSSsPSi0PSy4QTC0ORywRk31v/v7+//765tzSwris9vLp///9/v//+/z/u5Z8YTodVTIWRzIf' +
  '9O/p+v///P//+vn1//3+/Pz85+3r+f/9+f/9/v/7///62dTQTS4RTi8SUjAUVDMUVjUUWTYWWTcUWTcUXDUUZUYy/v//k3lgajYR' +
  'ZzARVDQd29PQ/v///v34//LlbUAfYzYVTDAa7O3v//76///9/v78wKuaQi8gMiASdF1N+fz//f39/v//8PT1UzQVWjkYXDgWYDoW' +
  'YzsXZDkWZToYZToYYzoaXTMa7uffZj4lbTsWbj4YZDESnIZ4+f7//v////36d1c+XjcYWTce9PDt/fj0/P3/+vz7RSwWQyoWPyUU' +
  'RioV19fZ//77///9+/v5WDUXXjoaYjkZZjsZaTwbaDwZajwbaTwbbTkhZzYY7vX78+3x7fL26fT48u3q7evs9v////7/+///ln9v' +
  'ZkIoXjca8ejh///7+///0NDOSisPUjIZUzMaTCgOwLy5//r2//77/Pv3XjcaZTweaD0dbD4dcD8ebz4dcD8fcD8fcT8eaz0Z//v6' +
  '//30//78//////30//33//3///39///9tJuHYz4jWzIS9u3m/v//9fz/1dDKWjcZWjUYXzgbWjMUuLOw//z5///9/f37XzYYaD0d' +
  'bD4dcD8eckAfckAddUAgc0EgckUedUAY39bXsKKXtKKUr52RsqOQo5aNn5SSno+Ip5SGjWZHZjoXZjsZ7+rm+///+///287FWDQU' +
  'ZDwZaD0bYjcVubSx//7//v//9/j6YTYUaj4bbz8bckAbdUEadkAaeEIed0EddUMifUQm8OfiZ0EqbD4abUAXbTcRYjseWDwkZDca' +
  'WT4pcj4XfkkfbkMh7u3p/P///P//3dDHb0ckdEcgd0UgdkYiwrq3/////P//+v7/ckIcfEsjgk0lhE0kh00liE0jiU4miE0li0wp' +
  '3MKz///6nXVcgEkghkwegkQdlnNd5t3U59nQ7tvNlWE5ik0edUcj8Ozp/////P//2tXPdkYgiFMniVAjgksix7y2/v37+fr8/P79' +
  'gUcfi1AokVQok1MnllMollMol1QpllMollMm1cO19/////vx3Ma5xa2j3c3A//36+/r////69e3qh1UwkVMifk4o9e7o//77/v//' +
  '2NjYhVInkFMkklIijlEkzL6z//76///9+/r2jEsjmFUrnFctn1gsoFcqoVcqolgroVcqmVUoq3Na//z5///9+/z++////v/////9' +
  '//74/PLpnHVOlVcmj1QcgU8s8e/j+f//+f//4tXPiVAjllgllVckgVQt0r+u////9v7/+v//j08hmlcqoVouoVgtpFotp1oupVgs' +
  'plktm1guj0wi497a+fXy/////v///v7+//v4zsW+dWhfgEwlkk8imFong04s+Ozc//7//f/84tbKi1IlmFgomFkmi1oy07il//74' +
  '///9/fj1kk8inFgro1otpFotqFsvqVwup1osqFstoVoul1AkbEEfbUQmjGdKp4JnjWhLbkUlcUMheEgijU8mnlcpolwpkk8ieEsk' +
  'aj0ebEIce0gdkFUrnlopqF8qlVEghk8ocEIhazoZfEYgmVMioloqp10uqVwurF4wr14vrl0urF4uql0vpFcpiE0hgkcdfkcefEUe' +
  'e0Qbg0gejE0hkVEholstpV0toFwrnlsuh0wigEYegEkijFUsoF0yplwrq14opVsqkVInhEolg0kjkFEopFsorGAur2EwsWEwtGIy' +
  'tGIys2Exs2Exs2ExsV8vm1stl1gslFcrlFcrl1oul1gsm1kpp2UzqWAprmg0rWc2oFwrqmIyn1gqnlctn1wyqV8wtmYzt2YvtGQx' +
  'pVwvoV4zoVwyo1srs2Mut2Yxumczu2U0u2U0u2U0u2U0u2U0vGQyvGQytWYts2Qrr2Iqq14mrF8ntGUtt2YutWUqs2gvr2gwtGcx' +
  't2wzt2AquGMsvmMuvmcyuWk4u2gyu2QuwGkzvGcxuWYwvGYtxGouvGoywGs1wWo1wmg0wWczwWczv2c1v2c1wmg0wmg0tmcutGUt' +
  't2gwu2w0uGkxtWYuuGcvt2YuuWoxtmsxu2gysWo0u2o7s28+uGs/sGc6u2g0v2o0v2o0vGo4uGo6um0/uGw7uWs6w200w200xWw0' +
  'xWo1xGk0xWo1xWk2w2k1xWk2xWk2uWgwu2oyuGcwuWoyu2w0uWgwu2oyvGszu2ozumkxxGkwvm4xxGszuWovwmkvxW0uv2w4v2o0' +
  'wms1w2oyxGszxmwwyGosy2kqxWwyxWwyx2w1yGo0yGo0yGo2xms2xWo1xms2xWo1vWsvvWsvvWsvvmwwvmwwv20zv20zv20zwWw1' +
  'wWw1wm02wm02w243w243xG03xG03wm00w241xG41xW82xW82x242x242x242yG81yG81yW41yG02yG02yWs1yWs3yWs3yG02yG02' +
  'wm4wwm4ywm4yw28zw28zw28zxHA0xG82xG41xW82xW82xnA3xnA3xnA3xnA3yG83xnA1xnA1x3E2yXA2ynE3yXA2ym82ym82yXA0' +
  'yXA0ym82yW41yW41y203y203ymw2ym84ym84yG8zyG8zyXA0yXA0yXA2ynE3ynE3ynE3ynE3ynE3y3I4y3I4zHE4zHE4zHE4zHE4' +
  'zHI2zXM3zXM3zXM3zXM3zXM3znE2znE2zHI0zHI0y3E1y3E1y3A3zXA3zXA3zXA3zHE4zHE4zHI0zHI0zHI0zXM3zXM3zXM3znQ4' +
  'znQ40HM20HM20XQ30XQ30XQ30XQ30nQ30nQ30XQ30nU40nU40nU40XQ30XM20XM20HI1zXM1zXM1zXM1zHI0znE2znE2znE4znE4' +
  'zHI2zHI20HI00HI00XM20XM20XM20nQ30nQ30nQ303U303U31HY41HY41XU41XU41XU41XU41HY51HY51HY51HY503U40nQ30XM2' +
  '0HI1z3M0z3I1z3I1z3I1z3I3z3I3znE2znE4zXM3zXM30nQ20nQ20nQ20nQ203U303U303U41HY51nY51nY51nY51nY51nY51nY5' +
  '2HY52HY51nY51nY51nY51XU41HY403U30XM10XM1z3I1z3I1z3I1z3I3znE2znE2zHE4zHE4zXI5zXI51HU11XY21XY21XY21nY5' +
  '1nY51nY513c613c613c62Hg72Hg72Hg72ng72Xc62Xc613c713c713c71nY61HY503U40nQ30XM20HI10HI10HE3znE2znE2znE4' +
  'y3A3y3A3zHE4zHE41nc31nc31nc313g413g42Hk52Hg72Hg72Hg72Hg72Xk82Xk82Xk82ng72ng72ng713c713c713c71ng71Xc6' +
  '1HY50nU40XQ30HE30HE30HE3znE2znE4zXA3y3A5y3A5zHE4zHE42Xc42Xc42ng52ng523k63Hg63Hk43Hk43no84Ho833k733k7' +
  '4Ho633k53Xo523k413c71ng71ng71Xc61HY50nQ30HM2z3I1w3g31m4vxHI23nMryG0+vXNCx3I5y3I2ynE5yXA22nY42nY423c5' +
  '23c53Hg63Hg63Xo53Xo53no84Ho84Ho84Ho84Ho84Ho63Xo523k42Xk82Hg713c71Xc61HY50nQ30HI1z3E0zm81yHZO//jz/vn2' +
  '//r9//767NK7x3E0zWw3xnEx2nY623c723c53Hg63Hg633k733k733k73no84Ho84Ho84Ho84Ho84Ho83Xk723k623k82ng713c6' +
  '1XU403U40nQ30HI1z3E0zm814a2V/P//9P/////9/v3///36vGg8yWs3xHA02nY62nY623c73Hg63ng633k74Ho84Xk83no84Ho8' +
  '4Ho84Ho84Ho84Ho83Xk723k62ng72Xc62HY51XU41HQ40nQ30HI1zXAzw28z9+jh/v//+//z/v/9//z///v405qHwG03wmw52HY5' +
  '2Xc62nY623c73ng633k74Ho84Xk83ns64Ho84Ho84Ho84Ho84Ho83Hg82ng72Xc62HY51XU41XU503U40HM4zXA1y24zvHZF//z/' +
  '/vn//v/56/D0/fz/+//65tjPumgwwWk31XU41nY52Xc62ng73Hg833k733k74Ho83ns64Ho64Ho84Ho84Ho833g93Hg82ng72nc8' +
  '13c71XU503Q60HM4zHE4yW43xm012Laa//z8//377eTdvKOc//z7+//7+vfytWc2vGcu1HY41HY41nY52Xc62ng73Hg833k733k7' +
  '3ns64Ho64Ho84Ho84Hk+33g923c82XY713c71nY803Q60HM6zHE6ynE5yG45xW446+3i//z8/P//uLGrimRR/vr7/P////z6zZx8' +
  'uWgx0nY303U31HY41nY52ng73Hg83Hg63Xk73Xo533k54Ho84Ho84Hk+33g923c82XY71HU703Q60HM6zXI7ynE5yHE7x3A7x3I8' +
  '+f7///n///72knBViUoh7+zl+////v//69/RrmAy0XQ50XQ303U41HY51nY52ng73Hg83Hg63Hg63Hg63Xk93Xk923k82nc81nY6' +
  '1nY60XQ5znM603E0y3E8yG83ynA0x2kp3byr///9///96u3yk08okVAqzrut//76////+/v5q2Ey0HM40HM20nQ31HY51nY52Xc6' +
  '23c723c523c53Hg63Hg83Hg82ng72XY71nY61XU503Q+zHM70HQzxnA1znA6xmw6umo38u3q/f/6//7/0b64nFYjnloppHpi//7/' +
  '+//+/v//z6SR';

export const KNOWN_ANSWER_QUALITY = 100;

/** orig, rot90, rot180, rot270, flipx, flipy, flipp, flipm. */
export const KNOWN_ANSWER_DIHEDRAL: readonly string[] = [
  '6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d',
  '1d43091e38bdea750e55e2d58e41f01e1daee6a184e19ea57c0701fce1fe18de',
  '3772eab5354a5e66fa9975075e583f7924f761d830f782f861878260c18b4187',
  '6816b7b4ede840df5b00487fdb14dab448fb4c0bd1b4340f2b52ab56b4abb274',
  '6327bfe0e01f4b33afcc60524b0d6a2c71a2348d65a3d7ad34d2d73594de14d2',
  '1772154a354aa199fa998af81e50c08624f79e2730f67d0761877d9fc18bbe78',
  '1d43f2e1b8fd158a0e551d2a8e410fe11dae195e84e1615a7e07fe03e1fee721',
  '48165e4bede8bf205b00b780db14a54b48fbb3f4d1b4cbf02b5254a9b4ab4dab',
];
